// The header's menus are <details> elements, so they open and close without JavaScript.
// This adds what a menu button does besides: Escape closes an open menu and puts focus back
// on its summary, and focus or a click leaving the menu closes it.
(function () {
  "use strict";

  const menus = () => document.querySelectorAll("details[data-menu][open]");

  function close(menu, { refocus }) {
    menu.open = false;
    if (refocus) menu.querySelector("summary").focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of menus()) {
      close(menu, { refocus: menu.contains(document.activeElement) });
    }
  });

  document.addEventListener("focusin", (event) => {
    for (const menu of menus()) {
      if (!menu.contains(event.target)) close(menu, { refocus: false });
    }
  });

  document.addEventListener("click", (event) => {
    for (const menu of menus()) {
      if (!menu.contains(event.target)) close(menu, { refocus: false });
    }
  });
})();
