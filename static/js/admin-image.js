// The media library: a click in the image chooses its focal point, the part
// that crops keep in view (the two number fields stay for the keyboard).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const image = document.querySelector("[data-focal-picker]");
  const across = document.getElementById("id_focal_x");
  const down = document.getElementById("id_focal_y");
  if (!image || !across || !down) return;
  const marker = image.parentElement.querySelector(".focal-marker");

  function show() {
    marker.style.left = Number(across.value || 50) + "%";
    marker.style.top = Number(down.value || 50) + "%";
  }
  image.addEventListener("click", function (event) {
    const box = image.getBoundingClientRect();
    across.value = Math.round(((event.clientX - box.left) / box.width) * 100);
    down.value = Math.round(((event.clientY - box.top) / box.height) * 100);
    show();
  });
  across.addEventListener("input", show);
  down.addEventListener("input", show);
  show();
});
