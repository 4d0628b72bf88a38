// The phone menu: without JavaScript the menu button is a link to the menu (#sidenav, shown by
// :target); with it, the button opens and closes the menu in place and says so (aria-expanded).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-button");
  const menu = document.getElementById("sidenav");
  if (!button || !menu) return;
  button.setAttribute("role", "button");
  const set = (open) => {
    menu.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const open = !menu.classList.contains("open");
    set(open);
    if (open) menu.querySelector("a")?.focus();
  });
  menu.querySelector(".menu-close")?.addEventListener("click", (event) => {
    event.preventDefault();
    set(false);
    button.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("open")) { set(false); button.focus(); }
  });
});
