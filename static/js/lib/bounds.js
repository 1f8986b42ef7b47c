// Limits and lists from the server (app/bounds.py), in a JSON block like the texts: a limit
// changes there, in one line, for the server, the templates and the scripts.
const bounds = JSON.parse(document.getElementById("bounds").textContent);

// Most characters per text field, e.g. lengths.idea.
export const lengths = bounds.lengths;
// The lowest and highest number of each setting, e.g. ranges.seats.high.
export const ranges = bounds.ranges;
export const maxPillars = bounds.max_pillars;
export const screenViews = bounds.screen_views;
