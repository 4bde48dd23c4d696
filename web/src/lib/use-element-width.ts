/**
 * React hook: the content width (CSS px) of an element, kept current with ResizeObserver, so SVG
 * charts can lay out in real pixels (text stays readable from 360 px phones to wide screens).
 * Where ResizeObserver is missing (jsdom), the fallback width is kept.
 */
import { type RefObject, useEffect, useState } from "react";

/** Width of `ref`'s element, or `fallback` until it is measured. */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured !== undefined && measured > 0) setWidth(Math.round(measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
