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
