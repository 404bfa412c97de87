// A link to /sporsmal-og-svar/#sporsmal-<slug> opens that question. Most browsers open a
// closed <details> for a link to something inside it on their own; this does it in those
// that do not. Loaded with `defer` from our own origin (the CSP forbids inline scripts).
"use strict";

function openLinkedQuestion() {
  const target = location.hash.length > 1 && document.getElementById(location.hash.slice(1));
  const question = target && target.closest("details.faq-question");
  if (question && !question.open) {
    question.open = true;
    question.scrollIntoView();
  }
}

openLinkedQuestion();
window.addEventListener("hashchange", openLinkedQuestion);
