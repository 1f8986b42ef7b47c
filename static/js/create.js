// The create form: lets the facilitator add pillar rows up to the server's limit.
import { maxPillars } from "./lib/bounds.js";

const list = document.getElementById("pillar-list");
const template = document.getElementById("pillar-template");
const addButton = document.getElementById("add-pillar");

function updateButton() {
  addButton.disabled = list.children.length >= maxPillars;
}

addButton.addEventListener("click", () => {
  if (list.children.length >= maxPillars) return;
  list.appendChild(template.content.cloneNode(true));
  list.lastElementChild.querySelector("input").focus();
  updateButton();
});
updateButton();
