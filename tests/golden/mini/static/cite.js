// Copy button for the citation line on document pages. Without JavaScript the button stays hidden and the
// citation text is still visible and selectable. The button is a real <button>, so Tab, Enter and Space work.
(function () {
  "use strict";

  function show(status, which) {
    var done = status.querySelector(".cite-done");
    var failed = status.querySelector(".cite-failed");
    if (done) done.hidden = which !== "done";
    if (failed) failed.hidden = which !== "failed";
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallbackCopy(element) {
    // Older browsers, or pages opened over plain http (no async clipboard): select and copy.
    selectText(element);
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  function setUp(button) {
    var target = document.getElementById(button.getAttribute("data-cite-target"));
    var status = button.parentNode.querySelector(".cite-status");
    if (!target || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      // Only ASCII white space: \s would also fold U+202F, which Mongolian suffixes need.
      var text = target.textContent.replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");
      show(status, "none");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { show(status, "done"); },
          function () { show(status, fallbackCopy(target) ? "done" : "failed"); }
        );
      } else {
        show(status, fallbackCopy(target) ? "done" : "failed");
      }
    });
  }

  var buttons = document.querySelectorAll("button.cite-copy[data-cite-target]");
  for (var i = 0; i < buttons.length; i++) setUp(buttons[i]);
})();
