// domei workbench: live progress of a running job, with the time spent and
// an estimate of the time left. Everything else works without this script
// (the progress page also reloads itself; cancel is a plain form).
"use strict";
(function () {
  const box = document.querySelector("[data-job]");
  if (!box) return;
  const id = box.getAttribute("data-job");
  const bar = box.querySelector("progress");
  const status = box.querySelector(".status");
  const eta = box.querySelector(".eta");
  const cancel = document.querySelector("form.cancel");
  // The page's words, in its language: data-t-NAME templates with {slots}.
  function t(name, slots, fallback) {
    const key = "t" + name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
    let text = box.dataset[key] || fallback;
    for (const [k, v] of Object.entries(slots || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }
  function secs(x) {
    if (x < 60) return t("secs", { s: Math.round(x) }, "{s} s");
    const s = Math.floor(x % 60);
    return t("min-secs", { m: Math.floor(x / 60), s: (s < 10 ? "0" : "") + s }, "{m} min {s} s");
  }
  async function poll() {
    let job;
    try {
      const r = await fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } });
      if (!r.ok) throw new Error("HTTP " + r.status);
      job = await r.json();
    } catch (e) {
      status.textContent = t("lost", { error: e.message }, "lost contact with the server ({error}); retrying");
      setTimeout(poll, 2000);
      return;
    }
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    const pct = job.total ? Math.round((100 * job.done) / job.total) : 0;
    status.textContent =
      t("progress", { done: job.done, total: job.total, pct: pct }, "{done} of {total} ({pct}%)") +
      " · " + t("state-" + job.state, {}, job.state);
    if (eta) {
      if (job.elapsed_seconds != null && job.remaining_seconds != null) {
        eta.textContent = t("eta", { elapsed: secs(job.elapsed_seconds), left: secs(job.remaining_seconds) }, "{elapsed} elapsed · about {left} left");
      } else if (job.elapsed_seconds != null) {
        eta.textContent = t("elapsed", { elapsed: secs(job.elapsed_seconds) }, "{elapsed} elapsed");
      }
    }
    if (job.state === "done" && job.run != null) {
      window.location.assign("/runs/" + job.run);
    } else if (job.state === "failed") {
      status.textContent = t("failed", {}, "The run failed:") + " " + (job.error || "unknown error");
      status.classList.add("error");
      if (cancel) cancel.hidden = true;
    } else if (job.state === "cancelled") {
      // The page says so in the interface's language.
      window.location.reload();
    } else {
      setTimeout(poll, 400);
    }
  }
  poll();
})();

// Import form: a chosen file's text goes into the form's textarea (the form
// posts text; without this script, paste the file's content).
(function () {
  for (const input of document.querySelectorAll("input[type=file][data-fills]")) {
    input.addEventListener("change", function () {
      const file = input.files && input.files[0];
      if (!file) return;
      const form = input.form;
      const name = form.querySelector("[name=" + input.getAttribute("data-name") + "]");
      if (name) name.value = file.name;
      file.text().then(function (t) {
        form.querySelector("[name=" + input.getAttribute("data-fills") + "]").value = t;
      });
    });
  }
})();
