//! End to end: hostile documents given to `domei corpus add` are refused,
//! each with its reason, quickly and in bounded memory (docs/cli.md,
//! "corpus add"). The PDFs are generated here.

mod common;

use common::{domei, TempDir};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// A PDF from its objects' bodies (object k+1 is `objs[k]`), with a valid
/// cross-reference table; object 1 is the catalog.
fn pdf(objs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (k, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF whose page draws `content` (compressed with `flate`).
fn one_page(content: &[u8], flate: bool) -> Vec<u8> {
    let (dict, data) = if flate {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(content).unwrap();
        ("/Filter /FlateDecode", e.finish().unwrap())
    } else {
        ("", content.to_vec())
    };
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        FONT.as_bytes().to_vec(),
        stream(dict, &data),
    ])
}

/// The child is reaped by `wait4` (for its peak memory), not `wait()`.
#[allow(clippy::zombie_processes)]
/// Runs `domei corpus add --skip-bad FILES` on a corpus of its own;
/// returns (exit code, stderr, seconds, peak memory in bytes).
fn add(dir: &Path, files: &[&Path]) -> (Option<i32>, String, f64, u64) {
    let t = Instant::now();
    let child = domei()
        .args(["corpus", "add", "--skip-bad"])
        .args(files)
        .env("DOMEI_CORPUS", dir.join("corpus"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut err = child.stderr.expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let (code, rss) = loop {
        let mut st: libc::c_int = 0;
        // SAFETY: plain system call on our own child.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::wait4(pid, &mut st, libc::WNOHANG, &mut ru) } == pid {
            let code = libc::WIFEXITED(st).then(|| libc::WEXITSTATUS(st));
            break (code, ru.ru_maxrss as u64 * 1024);
        }
        if t.elapsed() > Duration::from_secs(300) {
            // SAFETY: killing our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("corpus add still running after 300 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (code, reader.join().unwrap(), t.elapsed().as_secs_f64(), rss)
}

#[test]
fn hostile_pdfs_are_refused_each_with_its_reason() {
    let dir = TempDir::new("hostile-pdf");
    let write = |name: &str, bytes: Vec<u8>| {
        let p = dir.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    // A page tree whose Pages node lists itself among its kids, and a page
    // that is its own parent.
    let tree_cycle = write(
        "tree-cycle.pdf",
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
            stream("", b"BT /F1 12 Tf (hello) Tj ET"),
        ]),
    );
    let parent_cycle = write(
        "parent-cycle.pdf",
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>".to_vec(),
            stream("", b"BT /F1 12 Tf (hello) Tj ET"),
        ]),
    );
    // A flate bomb: ~200 MB of text operators in a few hundred KB.
    let mut bomb = Vec::with_capacity(200 << 20);
    while bomb.len() < 200 << 20 {
        bomb.extend_from_slice(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n");
    }
    let flate_bomb = write("flate-bomb.pdf", one_page(&bomb, true));
    drop(bomb);
    assert!(std::fs::metadata(&flate_bomb).unwrap().len() < 2 << 20);
    // Millions of operators in a content stream within the size limits.
    let ops = write("operators.pdf", one_page(&b"n\n".repeat(3_000_000), true));
    // A form that draws itself.
    let form_cycle = write(
        "form-cycle.pdf",
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
            stream("", b"/X Do"),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
                b"/X Do",
            ),
        ]),
    );
    // And one good document, added all the same with --skip-bad.
    let good = write(
        "good.pdf",
        one_page(
            b"BT /F1 12 Tf 72 720 Td (A readable sentence about tariffs.) Tj ET",
            true,
        ),
    );
    let cases = [
        (&tree_cycle, "cycle"),
        (&parent_cycle, "loops back"),
        (&flate_bomb, "decompresses to more than"),
        (&ops, "drawing operators"),
        (&form_cycle, "draws itself"),
    ];
    for (file, reason) in cases {
        let (code, err, secs, rss) = add(&dir.0, &[file.as_path(), good.as_path()]);
        assert_eq!(code, Some(2), "{file:?}: {err}");
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(reason)),
            "{name}: expected {reason:?} in: {err}"
        );
        assert!(!err.contains("good.pdf"), "{err}");
        // Times are measured by bench/limits.sh (release build); here
        // only that the refusal happens at all (the 300 s kill above).
        eprintln!("{name}: refused in {secs:.1} s, peak {} MB", rss >> 20);
        assert!(rss < 1 << 30, "{name}: peak memory {rss} bytes");
    }
}
