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
