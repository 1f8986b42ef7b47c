// The create form: lets the facilitator add pillar rows up to the limit of twelve.
const MAX_PILLARS = 12;
const list = document.getElementById("pillar-list");
const template = document.getElementById("pillar-template");
const addButton = document.getElementById("add-pillar");

function updateButton() {
  addButton.disabled = list.children.length >= MAX_PILLARS;
}

addButton.addEventListener("click", () => {
  if (list.children.length >= MAX_PILLARS) return;
  list.appendChild(template.content.cloneNode(true));
  list.lastElementChild.querySelector("input").focus();
  updateButton();
});
updateButton();
