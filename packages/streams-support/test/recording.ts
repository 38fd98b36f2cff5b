import type { AirbyteMessage, Destination, MessageSink, StreamRecord } from "@calabi/kernel";

/** Keeps every record in memory, by stream, and which streams ended complete. */
export class RecordingDestination implements Destination {
  readonly records: Record<string, StreamRecord[]> = {};
  readonly ended: Record<string, boolean> = {};
  async open() {}
  async write(stream: string, record: StreamRecord) {
    (this.records[stream] ??= []).push(record);
  }
  async flush() {}
  async endStream(stream: string, succeeded: boolean) {
    this.ended[stream] = succeeded;
  }
  async close() {}
}

/** Keeps every protocol message the runner emits. */
export class CapturingSink implements MessageSink {
  readonly messages: AirbyteMessage[] = [];
  emit(message: AirbyteMessage) {
    this.messages.push(message);
  }
  /** Text of the LOG messages at `level`. */
  logs(level: string): string[] {
    return this.messages.flatMap((m: any) => (m.type === "LOG" && m.log.level === level ? [m.log.message as string] : []));
  }
  /** TRACE ERROR messages, as `{ stream, failure_type, message }`. */
  errors(): { stream?: string; failure_type: string; message: string }[] {
    return this.messages.flatMap((m: any) =>
      m.type === "TRACE" && m.trace.type === "ERROR"
        ? [{ stream: m.trace.error.stream_descriptor?.name, failure_type: m.trace.error.failure_type, message: m.trace.error.message }]
        : [],
    );
  }
}
