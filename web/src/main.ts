// Composure's screens. Routes (in the URL fragment, so the server only ever serves index.html):
//   #/                     the supervisor wall
//   #/call/ID              the agent panel for one call
//   #/call/ID?brief=1      the panel with the handoff brief open (how the wall opens a call)
import "./style.css";
import { check_token, forget_token, set_token, token, Unauthorized } from "./api";
import { clear, h } from "./dom";
import { open_panel, type Screen } from "./panel";
import { open_wall } from "./wall";

const main = document.getElementById("main") as HTMLElement;
const sign_out = document.getElementById("sign-out") as HTMLButtonElement;
const nav_wall = document.getElementById("nav-wall") as HTMLAnchorElement;
let screen: Screen | null = null;

function ask_for_token(message: string): void {
  screen?.destroy();
  screen = null;
  sign_out.hidden = true;
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "current-password",
    required: true,
    "aria-describedby": "token-help",
  });
  const status = h("p", { class: "form-status", role: "alert", "data-testid": "token-status" }, message);
  const form = h(
    "form",
    { class: "token-form", "aria-labelledby": "h-token" },
    h("h1", { id: "h-token" }, "Sign in"),
    h("label", { for: "token" }, "Access token"),
    input,
    h("p", { id: "token-help", class: "small muted" }, "One of the tokens in the server's configuration. Kept for this browser session only."),
    h("button", { type: "submit" }, "Use token"),
    status,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    if (value === "") return;
    status.textContent = "Checking…";
    check_token(value)
      .then((ok) => {
        if (!ok) {
          status.textContent = "The server did not accept that token.";
          input.select();
          return;
        }
        set_token(value);
        route();
      })
      .catch(() => {
        status.textContent = "Could not reach the server.";
      });
  });
  clear(main, form);
  input.focus();
}

function on_error(e: unknown): void {
  if (e instanceof Unauthorized) {
    forget_token();
    ask_for_token("The server refused the saved token. Enter it again.");
    return;
  }
  const text = e instanceof Error ? e.message : String(e);
  let bar = document.getElementById("error-bar");
  if (bar === null) {
    bar = h("p", { id: "error-bar", class: "error-bar", role: "alert" });
    document.body.prepend(bar);
  }
  bar.textContent = text;
  window.setTimeout(() => bar?.remove(), 8000);
}

function route(): void {
  if (token() === null) {
    ask_for_token("");
    return;
  }
  sign_out.hidden = false;
  screen?.destroy();
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = hash.split("?", 2);
  const params = new URLSearchParams(query);
  const m = /^\/call\/(.+)$/.exec(path);
  if (m?.[1] !== undefined) {
    const id = decodeURIComponent(m[1]);
    document.title = `Call ${id} · Composure`;
    nav_wall.removeAttribute("aria-current");
    screen = open_panel(main, id, params.get("brief") === "1", on_error);
  } else {
    document.title = "Live calls · Composure";
    nav_wall.setAttribute("aria-current", "page");
    screen = open_wall(main, on_error);
  }
}

sign_out.addEventListener("click", () => {
  forget_token();
  ask_for_token("Signed out.");
});
window.addEventListener("hashchange", route);
route();
