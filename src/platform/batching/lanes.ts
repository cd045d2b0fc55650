interface Lane<I, O> {
  queue: Waiting<I, O>[];
  running: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Items that arrive on a lane while `concurrency` groups of the lane run wait, and run together as the
 * next group: one statement for many requests. No timer: a group starts at the end of the turn of the
 * event loop in which its first item arrived, with every item given in that turn (requests whose bytes
 * came in together), so a lone item runs at once, and under load groups grow by themselves. An item
 * never joins a group already running, so what the group reads or writes happens after the item
 * arrived; groups start in the order their items arrived. Each caller's promise settles with its own
 * result when its group is done, or with the group's error.
 */
export class Lanes<I, O> {
  private readonly lanes = new Map<string, Lane<I, O>>();

  constructor(
    /** Runs one group; answers one result per item, in the items' order. */
    private readonly run: (lane: string, items: I[]) => Promise<O[]>,
    /** How much an item weighs (rows, ids): a group stops growing at `maxWeight`, but always takes one. */
    private readonly weight: (item: I) => number = () => 1,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
    /** Groups of one lane that may run at once. */
    private readonly concurrency = 1,
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { queue: [], running: 0 };
        this.lanes.set(key, lane);
      }
      lane.queue.push({ item, resolve, reject });
      if (lane.running < this.concurrency) void this.drain(key, lane);
    });
  }

  private async drain(key: string, lane: Lane<I, O>): Promise<void> {
    lane.running++;
    // The rest of this turn of the event loop first: items that arrived in the same turn (requests
    // whose bytes came in together) start as one group rather than the first alone.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (lane.queue.length > 0) {
      let weight = 0;
      let take = 0;
      while (take < lane.queue.length && (take === 0 || weight < this.maxWeight)) {
        weight += this.weight(lane.queue[take].item);
        take++;
      }
      const group = lane.queue.splice(0, take);
      try {
        const results = await this.run(
          key,
          group.map((w) => w.item),
        );
        group.forEach((w, n) => w.resolve(results[n]));
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    lane.running--;
    if (lane.running === 0) this.lanes.delete(key);
  }
}
