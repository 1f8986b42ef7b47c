// Drawing through a burst of events (a thousand ideas in a round's last minute, a hall
// reconnecting): a view drawn once per event kept the laptop's cores busy, and a moderator
// reads a list no faster than a few times a second. `request` asks for a draw: the first
// comes in the next frame, later ones at most once every `gap` milliseconds, each drawing
// everything that changed meanwhile.
export class Throttled {
  constructor(draw, gap = 250) {
    this.draw = draw;
    this.gap = gap;
    this.timer = null;
    this.drawnAt = -Infinity;
  }

  // True when this request starts a new wait, false when a draw is already due.
  request() {
    if (this.timer !== null) return false;
    const wait = Math.max(0, this.drawnAt + this.gap - performance.now());
    this.timer = setTimeout(() => requestAnimationFrame(() => {
      this.timer = null;
      this.drawnAt = performance.now();
      this.draw();
    }), wait);
    return true;
  }
}
