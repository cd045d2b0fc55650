interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Items that arrive on a lane while the lane's previous group runs wait, and run together as the next
 * group: one statement for many requests. No timer: a lone item runs at once, and under load groups
 * grow by themselves. An item never joins a group already running, so what the group reads or writes
 * happens after the item arrived. Each caller's promise settles with its own result when its group is
 * done, or with the group's error.
 */
export class Lanes<I, O> {
  private readonly lanes = new Map<string, Waiting<I, O>[]>();

  constructor(
    /** Runs one group; answers one result per item, in the items' order. */
    private readonly run: (lane: string, items: I[]) => Promise<O[]>,
    /** How much an item weighs (rows, ids): a group stops growing at `maxWeight`, but always takes one. */
    private readonly weight: (item: I) => number = () => 1,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  submit(lane: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const waiting = this.lanes.get(lane);
      if (waiting) {
        waiting.push({ item, resolve, reject });
        return;
      }
      const queue: Waiting<I, O>[] = [{ item, resolve, reject }];
      this.lanes.set(lane, queue);
      void this.drain(lane, queue);
    });
  }

  private async drain(lane: string, queue: Waiting<I, O>[]): Promise<void> {
    while (queue.length > 0) {
      let weight = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || weight < this.maxWeight)) {
        weight += this.weight(queue[take].item);
        take++;
      }
      const group = queue.splice(0, take);
      try {
        const results = await this.run(
          lane,
          group.map((w) => w.item),
        );
        group.forEach((w, n) => w.resolve(results[n]));
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.lanes.delete(lane);
  }
}
