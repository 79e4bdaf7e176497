// Progressive enhancement only: every page works without this file.

// "Copy link" buttons stay hidden unless the browser can copy.
for (const button of document.querySelectorAll("button[data-copy]")) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  const label = button.querySelector("span");
  const original = label.textContent;
  label.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(button.dataset.copy);
    label.textContent = button.dataset.copied;
    setTimeout(() => (label.textContent = original), 2500);
  });
}

// Comments: reply in place, and post without reloading the page.
const respond = document.querySelector("[data-comment-respond]");
const commentForm = respond && respond.querySelector("[data-comment-form]");
if (commentForm) {
  const parentInput = commentForm.querySelector("input[name=parent]");
  const replyingTo = respond.querySelector("[data-replying-to]");
  const home = respond.parentElement;
  const status = commentForm.querySelector("[data-form-status]");

  const replyTo = (link) => {
    link.closest("article").after(respond);
    parentInput.value = link.dataset.replyTo;
    replyingTo.querySelector("[data-replying-name]").textContent =
      replyingTo.dataset.template.replace("%s", link.dataset.replyName);
    replyingTo.hidden = false;
    commentForm.querySelector("textarea").focus();
  };
  replyingTo.dataset.template = respond.dataset.replyTemplate || "%s";

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-reply-to]");
    if (link) {
      event.preventDefault();
      replyTo(link);
    } else if (event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      parentInput.value = "";
      replyingTo.hidden = true;
      home.append(respond);
    }
  });

  const showErrors = (errors) => {
    for (const field of commentForm.querySelectorAll("[data-field]")) {
      field.classList.remove("field-invalid");
      field.querySelector(".errorlist")?.remove();
      field.querySelector("input, textarea")?.removeAttribute("aria-invalid");
    }
    let first = null;
    for (const [name, list] of Object.entries(errors)) {
      const field = commentForm.querySelector(`[data-field="${name}"]`);
      const messages = list.map((error) => error.message);
      if (!field) {
        status.insertAdjacentHTML("beforeend", "<p class='form-error'></p>");
        status.lastElementChild.textContent = messages.join(" ");
        continue;
      }
      const input = field.querySelector("input, textarea");
      const errorList = document.createElement("ul");
      errorList.className = "errorlist";
      errorList.id = `${input.id}_error`;
      for (const message of messages) {
        errorList.append(Object.assign(document.createElement("li"), { textContent: message }));
      }
      input.before(errorList);
      input.setAttribute("aria-invalid", "true");
      field.classList.add("field-invalid");
      first ??= input;
    }
    first?.focus();
  };

  commentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = commentForm.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "";
    try {
      const response = await fetch(commentForm.action, {
        method: "POST",
        body: new FormData(commentForm),
        headers: { Accept: "application/json" },
      });
      const result = await response.json();
      if (result.token) commentForm.querySelector("input[name=form_token]").value = result.token;
      if (result.errors) {
        status.innerHTML = "<p class='form-error'></p>";
        status.firstChild.textContent = respond.dataset.errorsText;
        showErrors(result.errors);
      } else {
        status.innerHTML = `<p class='${result.ok ? "message" : "form-error"}'></p>`;
        status.firstChild.textContent = result.message;
      }
      if (result.ok) {
        showErrors({});
        commentForm.querySelector("textarea").value = "";
        if (result.html) {
          const list = result.parent
            ? document.querySelector(`#comment-${result.parent}`)
            : document.querySelector("[data-comment-list]");
          let target = list;
          if (result.parent) {
            target = list.querySelector(":scope > .comment-replies");
            if (!target) {
              target = Object.assign(document.createElement("ol"), { className: "comment-replies" });
              list.append(target);
            }
          }
          target.insertAdjacentHTML("beforeend", result.html);
        }
      }
    } catch {
      commentForm.submit(); // the network or script failed: send it the classic way
    } finally {
      button.disabled = false;
    }
  });
}

// A read, counted without cookies: a beacon once the post has been open a while.
const article = document.querySelector("[data-read-url]");
if (article && navigator.sendBeacon) {
  setTimeout(() => {
    if (document.visibilityState === "visible") navigator.sendBeacon(article.dataset.readUrl);
  }, 10000);
}

// Booking: the week of free times in the visitor's own time zone, without reloads.
const picker = document.querySelector("[data-slot-picker]");
if (picker) {
  const zoneSelect = picker.querySelector("select[name=tz]");
  const fromInput = picker.querySelector("input[name=from]");
  const week = picker.querySelector("[data-week]");
  const nav = picker.querySelector(".week-nav");
  const note = picker.querySelector("[data-zone-note]");
  const text = picker.dataset;
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  picker.querySelector(".zone-form button").hidden = true;
  week.tabIndex = -1;

  const navLink = (href, label, rel) =>
    href ? el("a", { className: "button button-secondary", href, rel, textContent: label }) : "";

  const render = (data) => {
    const days = el("ol", { className: "days" });
    for (const day of data.days) {
      const times = day.times.length
        ? el("ul", { className: "times" },
            ...day.times.map((time) => el("li", {}, el("a", { href: time.url, textContent: time.label }))))
        : day.waiting
          ? el("p", { className: "no-times" }, el("a", { href: day.waiting, rel: "nofollow", textContent: text.waiting }))
          : el("p", { className: "no-times", textContent: text.noTimes });
      days.append(el("li", { className: "day" }, el("h3", { textContent: day.label }), times));
    }
    const empty = !data.days.some((day) => day.times.length);
    const notice = empty ? el("p", { className: "notice", textContent: `${text.empty} ` }) : "";
    if (empty && data.first_free) {
      notice.append(el("a", { href: data.first_free, textContent: text.firstFree.replace("%s", data.first_free_label) }));
    }
    week.replaceChildren(notice, days);
    nav.replaceChildren(navLink(data.previous, text.earlier, "prev"), navLink(data.next, text.later, "next"));
    note.textContent = text.zoneText.replace("%s", data.time_zone_label);
    zoneSelect.selectedOptions[0].textContent = data.time_zone_label;
    fromInput.value = data.days[0].date;
  };

  const load = async (query, { focus = false } = {}) => {
    try {
      const response = await fetch(`${picker.dataset.jsonUrl}?${query}`, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      render(await response.json());
      history.replaceState(null, "", `?${query}`);
      if (focus) week.focus();
    } catch {
      // Offline or failed: the week on the page stays as the server sent it.
    }
  };
  const queryFor = () => new URLSearchParams({ from: fromInput.value, tz: zoneSelect.value }).toString();

  zoneSelect.addEventListener("change", () => load(queryFor()));
  picker.addEventListener("click", (event) => {
    const link = event.target.closest(".week-nav a, .notice a");
    if (!link) return;
    event.preventDefault();
    load(new URL(link.href).search.slice(1), { focus: true });
  });

  // Without a zone in the address, show the times in the browser's own zone.
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (detected && !new URLSearchParams(location.search).has("tz") && detected !== zoneSelect.value) {
    if (![...zoneSelect.options].some((option) => option.value === detected)) {
      zoneSelect.prepend(new Option(detected, detected));
    }
    zoneSelect.value = detected;
    load(new URLSearchParams({ tz: detected }).toString());
  }
}
