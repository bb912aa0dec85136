// A quiz step swapped in by htmx starts where a new page would: the view goes
// back to the progress bar, and the keyboard to the step's group of
// questions, so the next Tab reaches its first answer (not the masthead).
document.addEventListener("htmx:afterSettle", (event) => {
  const step = event.detail.target;
  if (step.id !== "quiz-step") return;
  const progress = document.getElementById("quiz-progress");
  if (progress) progress.scrollIntoView({ block: "start" });
  const group = step.querySelector(".quiz-group");
  if (group) group.focus({ preventScroll: true });
});
