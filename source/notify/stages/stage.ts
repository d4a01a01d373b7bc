export type Emit<T> = (value: T) => void;

/**
 * The one shape of every step on the notification path, Alertmanager's Stage (notify.go) in push form: it
 * takes what reaches it and hands to `next`, now or later (a group after groupWait, a send after its
 * retry), whatever goes further. A stage that drops everything simply never calls `next`.
 */
export interface Stage<In, Out> {
  readonly name: string;
  run(input: In, next: Emit<Out>): void;
}

/** Stages in the order they run, like Alertmanager's MultiStage; `end` joins them to the last step. */
export class Pipeline<In, Out> {
  private constructor(private readonly stages: readonly Stage<unknown, unknown>[]) {}

  static from<I, O>(stage: Stage<I, O>): Pipeline<I, O> {
    return new Pipeline<I, O>([stage as Stage<unknown, unknown>]);
  }

  then<Next>(stage: Stage<Out, Next>): Pipeline<In, Next> {
    return new Pipeline<In, Next>([...this.stages, stage as Stage<unknown, unknown>]);
  }

  /** This pipeline followed by all of `rest`'s stages. */
  join<Next>(rest: Pipeline<Out, Next>): Pipeline<In, Next> {
    return new Pipeline<In, Next>([...this.stages, ...rest.stages]);
  }

  names(): string[] {
    return this.stages.map((stage) => stage.name);
  }

  end(sink: Emit<Out>): Emit<In> {
    return this.stages.reduceRight<Emit<unknown>>((next, stage) => (input) => stage.run(input, next), sink as Emit<unknown>) as Emit<In>;
  }
}
