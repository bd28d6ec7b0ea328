//! The page frame, static assets and the sign-in page (used off loopback).

use crate::access::COOKIE;
use crate::error::{PageResult, WebError};
use crate::state::Shared;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup, DOCTYPE};

const CSS: &str = include_str!("../../assets/workbench.css");
const JS: &str = include_str!("../../assets/workbench.js");

/// A whole page.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — domei" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/static/workbench.css";
                script src="/static/workbench.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/scenarios" { "domei " span lang="ja" { "同盟" } }
                    nav aria-label="Main" {
                        a href="/scenarios" { "Scenarios" }
                        a href="/runs" { "Runs" }
                        a href="/ledger" { "Ledger" }
                        a href="/corpus" { "Evidence" }
                        a href="/api/openapi.json" { "API" }
                    }
                }
                main { (body) }
                footer { "domei " (env!("CARGO_PKG_VERSION")) " · every run is stored and can be recomputed from its scenario version" }
            }
        }
    }
}

pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        CSS,
    )
        .into_response()
}

pub async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        JS,
    )
        .into_response()
}

pub async fn login_form(State(st): State<Shared>) -> Markup {
    page(
        "Sign in",
        html! {
            h1 { "Sign in" }
            @if st.access.loopback {
                p { "This workbench runs on a loopback address: no sign-in is needed." }
            } @else {
                p { "Paste an API token (made on the server with " code { "domei token create" } "). It is kept in a cookie for this site only." }
                form method="post" action="/login" {
                    label { "Token " input type="password" name="token" autocomplete="off" required; }
                    button type="submit" { "Sign in" }
                }
            }
        },
    )
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    token: String,
}

pub async fn login(State(st): State<Shared>, Form(f): Form<LoginForm>) -> PageResult<Response> {
    let t = f.token.trim();
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_graphic())
        && st.store.find_token(t).await?.is_some();
    if !ok {
        return Err(WebError::Unauthorized.into());
    }
    let cookie = format!("{COOKIE}={t}; HttpOnly; SameSite=Strict; Path=/");
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/scenarios")).into_response())
}

pub async fn logout() -> Response {
    let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response()
}
