// Resume positions (README "Resume"): a map channel -> "<partition>:<offset>". The cursor of welcome, resumed,
// subscribed and unsubscribed replaces the map; each event frame's pos sets its channel's entry. Written back as
// "v2,<channel>=<pos>,…" and sent URL-encoded as ?cursor= on reconnect.

export class Positions {
  private map = new Map<string, string>();

  /** Replaces every position with those of a whole cursor. Returns false if it is not a v2 cursor. */
  replace(cursor: string): boolean {
    const parts = cursor.split(',');
    if (parts[0] !== 'v2') return false;
    const next = new Map<string, string>();
    for (const entry of parts.slice(1)) {
      const eq = entry.lastIndexOf('=');
      if (eq <= 0) return false;
      next.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    this.map = next;
    return true;
  }

  /** Moves one channel to the position of an event frame just received. */
  advance(channel: string, pos: string): void {
    this.map.set(channel, pos);
  }

  get isEmpty(): boolean {
    return this.map.size === 0;
  }

  get(channel: string): string | undefined {
    return this.map.get(channel);
  }

  /** The cursor to resume from, or null before the first cursor arrived. */
  cursor(): string | null {
    if (this.map.size === 0) return null;
    return ['v2', ...[...this.map].map(([channel, pos]) => `${channel}=${pos}`)].join(',');
  }

  clear(): void {
    this.map.clear();
  }
}

/** Remembers the last notification ids per channel, so a repeated one is dropped. */
export class RecentIds {
  private readonly perChannel = new Map<string, Set<string>>();

  constructor(private readonly capacity = 500) {}

  /** True if the id is new in its channel (and remembers it). */
  add(channel: string, id: string): boolean {
    let ids = this.perChannel.get(channel);
    if (!ids) {
      ids = new Set();
      this.perChannel.set(channel, ids);
    }
    if (ids.has(id)) return false;
    ids.add(id);
    if (ids.size > this.capacity) ids.delete(ids.values().next().value as string);
    return true;
  }
}
