// Shows a champion's phone number or e-mail address on request.
// The page source holds the value only reversed and base64-encoded, so
// address-harvesting programs do not find it; readers without JavaScript
// keep the link to the branch contact page that the HTML carries.
(function () {
  "use strict";
  // The value is UTF-8 (an address may hold any letter), reversed by
  // characters: atob gives its bytes, TextDecoder the characters, and
  // Array.from splits them by code point, not by UTF-16 unit.
  function decode(encoded) {
    var bytes = Uint8Array.from(atob(encoded), function (c) {
      return c.charCodeAt(0);
    });
    return Array.from(new TextDecoder().decode(bytes)).reverse().join("");
  }
  document.querySelectorAll(".reveal[data-reveal]").forEach(function (holder) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "reveal-button";
    // A short text on the button ("Show phone number"), so that it stays
    // on the line of the words before it on a phone; its full name
    // ("... for Maggi Myland") for screen readers.
    var label = holder.getAttribute("data-reveal-label");
    button.textContent = holder.getAttribute("data-reveal-text") || label;
    if (button.textContent !== label) {
      button.setAttribute("aria-label", label);
    }
    button.addEventListener("click", function () {
      var value = decode(holder.getAttribute("data-reveal"));
      var kind = holder.getAttribute("data-reveal-kind");
      var link = document.createElement("a");
      link.href = (kind === "email" ? "mailto:" : "tel:") + value.replace(/\s+/g, "");
      link.textContent = value;
      holder.replaceChildren(link);
      link.focus();
    });
    // The branch contact link stays for print, where no button can be
    // pressed; on screen the button takes its place.
    var fallback = holder.querySelector("a");
    if (fallback) {
      fallback.classList.add("print-only-inline");
    }
    holder.insertBefore(button, holder.firstChild);
  });
})();
