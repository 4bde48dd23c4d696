/**
 * The benchmark text: plain English prose (written for logprobe's benchmarks), repeated until it
 * is long enough. Every program in a benchmark gets the same text.
 */
const PARAGRAPHS = [
  "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball under a tree. She ran to the ball and picked it up. It was very shiny and round.",
  'Lily wanted to show the ball to her mom. She ran home as fast as she could. "Mom, look what I found!" she said. Her mom smiled and said, "That is a very nice ball, Lily. Where did you find it?"',
  'Lily told her mom about the tree in the park. Her mom said, "Maybe the ball belongs to someone else. We should go back and see if anyone is looking for it."',
  'So Lily and her mom went back to the park. They saw a little boy sitting under the tree. He was sad and crying. Lily asked him, "Why are you sad?" The boy said, "I lost my red ball. It was my favorite toy."',
  'Lily gave the ball to the boy. He was so happy! He said, "Thank you, Lily! You are a good friend." Lily felt happy too. They played with the ball together all day long.',
  "The old lighthouse keeper climbed the stairs every evening at dusk. He trimmed the wick, polished the great lens, and watched the ships pass along the rocky coast until the morning light returned.",
  "In the spring the river rose and covered the low fields. The farmers waited for the water to fall, then planted barley and beans in the dark, wet soil, and the village children counted the herons.",
];

/** The text, at least `minChars` characters long (whole paragraphs, separated by newlines). */
export function benchText(minChars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < minChars; i++) {
    const paragraph = PARAGRAPHS[i % PARAGRAPHS.length]!;
    parts.push(paragraph);
    length += paragraph.length + 1;
  }
  return `${parts.join("\n")}\n`;
}

/** A short prompt for generation benchmarks. */
export const GENERATION_PROMPT = "The old lighthouse keeper climbed the stairs every evening and";
