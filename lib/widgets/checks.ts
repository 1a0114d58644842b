/**
 * Errors that name the widget, the property and the value that was wrong, and the small
 * checks every widget's `validate` is built from.
 */
import { inspect } from "node:util";

/** A widget used wrongly (an unknown option, a message it cannot take). */
export class WidgetError extends Error {
  override name = "WidgetError";
}

/** A property given a value it cannot hold. */
export class WidgetValueError extends WidgetError {
  override name = "WidgetValueError";
}

const show = (value: unknown) => inspect(value, { depth: 2, breakLength: Infinity });

/** `value` as a finite number, or an error naming `widget.name` and the value. */
export function finite(widget: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new WidgetValueError(`${widget}: ${name} must be a finite number, got ${show(value)}`);
  return value;
}

export function integer(widget: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new WidgetValueError(`${widget}: ${name} must be an integer, got ${show(value)}`);
  return value;
}

export function text(widget: string, name: string, value: unknown): string {
  if (typeof value !== "string") throw new WidgetValueError(`${widget}: ${name} must be a string, got ${show(value)}`);
  return value;
}

export function flag(widget: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new WidgetValueError(`${widget}: ${name} must be true or false, got ${show(value)}`);
  return value;
}

export function oneOf<T extends string>(widget: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new WidgetValueError(`${widget}: ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${show(value)}`);
  return value as T;
}

/** A text property that may also be null (the schema's `allow_none`). */
export function optionalText(widget: string, name: string, value: unknown): string | null {
  return value === null ? null : text(widget, name, value);
}

/** min ≤ max, and `value` clamped into [min, max] (as ipywidgets does). */
export function bounded(widget: string, min: number, max: number, value: number): number {
  if (min > max) throw new WidgetValueError(`${widget}: min (${min}) must not be greater than max (${max})`);
  return Math.min(max, Math.max(min, value));
}

export { show };
