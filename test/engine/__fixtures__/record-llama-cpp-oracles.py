#!/usr/bin/env python3
"""Records oracle values from llama.cpp's own server for the engine tests (never run by tests).

llama.cpp is built from the source bundled with node-llama-cpp 3.21.1 (see
../shared/notes/peers.md); start the server, then run this script:

  /root/.cache/logprobe-peers/llama.cpp/build/bin/llama-server \
      -m ../shared/models/stories260K.gguf -c 512 -t 1 -np 1 --port 18089 --no-webui &
  python3 test/engine/__fixtures__/record-llama-cpp-oracles.py > test/engine/__fixtures__/llama-cpp-oracles.json

Every number comes from llama-server's `/completion` with `n_probs: 512` (the whole vocabulary,
raw logprobs) and `cache_prompt: false` (each prompt evaluated as one batch); the sampled runs use
`post_sampling_probs: true` (probabilities of the distribution actually sampled from). Entropy and rank are
computed here from those full distributions, independently of logprobe's code.
"""
import json
import math
import urllib.request

SERVER = "http://127.0.0.1:18089"
VOCAB = 512
BOS = 1
TEXT = ("Once upon a time, there was a little girl named Lily. She loved to play outside in the park. "
        "One day, she saw a big, red ball. She wanted to play with it, but it was too high.")
WINDOW = 24  # tokens per window, BOS included
STRIDE = 8


def post(path, body):
    request = urllib.request.Request(SERVER + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def distribution(prompt_tokens):
    """Full raw next-token distribution after prompt_tokens: {id: logprob}."""
    result = post("/completion", {"prompt": prompt_tokens, "n_predict": 1, "n_probs": VOCAB, "temperature": 0,
                                  "cache_prompt": False})
    top = result["completion_probabilities"][0]["top_logprobs"]
    assert len(top) == VOCAB, len(top)
    return {entry["id"]: entry["logprob"] for entry in top}


def stats(dist, target):
    logprob = dist[target]
    entropy = -sum(math.exp(value) * value for value in dist.values())
    rank = 1 + sum(1 for value in dist.values() if value > logprob)
    return {"id": target, "logprob": logprob, "entropy": entropy, "rank": rank}


tokens = post("/tokenize", {"content": TEXT, "add_special": False})["tokens"]

# 1. Teacher-forced scoring with the full context: token j given [BOS, tokens[0..j-1]].
scored = [stats(distribution([BOS] + tokens[:j]), tokens[j]) for j in range(len(tokens))]

# 2. Sliding window (Hugging Face's perplexity guide), BOS prepended to every window:
#    windows of WINDOW - 1 text tokens start every STRIDE tokens; each scores from the previous end.
text_window = WINDOW - 1
sliding = [None] * len(tokens)
previous_end = 0
begin = 0
while begin < len(tokens):
    end = min(begin + text_window, len(tokens))
    for j in range(previous_end, end):
        sliding[j] = stats(distribution([BOS] + tokens[begin:j]), tokens[j]) | {"contextBegin": begin}
    previous_end = end
    if end == len(tokens):
        break
    begin += STRIDE

# 3. Greedy generation after "Once upon a time" (BOS added), one token at a time, top-5 raw.
prompt = [BOS] + post("/tokenize", {"content": "Once upon a time", "add_special": False})["tokens"]
generated = post("/completion", {"prompt": prompt, "n_predict": 40, "n_probs": 5, "temperature": 0,
                                 "cache_prompt": False})
greedy = [{"id": entry["id"], "token": entry["token"], "logprob": entry["logprob"],
           "top": [{"id": alt["id"], "logprob": alt["logprob"]} for alt in entry["top_logprobs"]]}
          for entry in generated["completion_probabilities"]]

# 4. Seeded sampling after the same prompt (llama.cpp's default sampler order; penalties, DRY, XTC
#    and top-n-sigma off by default), with post-sampling probabilities: the processed distribution.
SAMPLING = {"temperature": 0.8, "top_k": 40, "top_p": 0.95, "min_p": 0.05}
sampled = []
for seed in (42, 7, 123):
    result = post("/completion", {"prompt": prompt, "n_predict": 40, "n_probs": 5, "seed": seed, "cache_prompt": False,
                                  "post_sampling_probs": True} | SAMPLING)
    sampled.append({"seed": seed, "text": result["content"], "tokens": [
        {"id": entry["id"], "prob": entry["prob"], "top": [{"id": alt["id"], "prob": alt["prob"]} for alt in entry["top_probs"]]}
        for entry in result["completion_probabilities"]]})

# 5. Other sampler settings, one seed each (typical-p alone; top-p with a high temperature).
VARIANTS = [
    {"temperature": 1.0, "top_k": 0, "top_p": 1.0, "min_p": 0.0, "typical_p": 0.9, "seed": 5},
    {"temperature": 1.5, "top_k": 0, "top_p": 0.8, "min_p": 0.0, "typical_p": 1.0, "seed": 9},
]
variants = []
for variant in VARIANTS:
    result = post("/completion", {"prompt": prompt, "n_predict": 30, "n_probs": 5, "cache_prompt": False,
                                  "post_sampling_probs": True} | variant)
    variants.append({"settings": variant, "text": result["content"], "tokens": [
        {"id": entry["id"], "prob": entry["prob"], "top": [{"id": alt["id"], "prob": alt["prob"]} for alt in entry["top_probs"]]}
        for entry in result["completion_probabilities"]]})

# 6. Repeat penalty (llama.cpp's penalties sampler on logits, prompt tokens in its history, last 64
#    tokens) after a prompt whose likely continuations repeat it: the processed top 20 of the first
#    step, and a greedy run whose every step is penalised by the tokens so far.
PENALTY_PROMPT = [BOS] + post("/tokenize", {"content": "Lily and Tom were friends. Lily and Tom", "add_special": False})["tokens"]
first = post("/completion", {"prompt": PENALTY_PROMPT, "n_predict": 1, "n_probs": 20, "temperature": 1.0, "top_k": 0,
                             "top_p": 1.0, "min_p": 0.0, "repeat_penalty": 1.5, "repeat_last_n": 64, "seed": 5,
                             "post_sampling_probs": True, "cache_prompt": False})
penalty_greedy = post("/completion", {"prompt": PENALTY_PROMPT, "n_predict": 30, "temperature": 0, "repeat_penalty": 1.3,
                                      "repeat_last_n": 64, "cache_prompt": False, "n_probs": 1})
repeat_penalty = {
    "prompt": "Lily and Tom were friends. Lily and Tom",
    "promptTokens": PENALTY_PROMPT,
    "firstStep": {"settings": {"temperature": 1.0, "repeatPenalty": 1.5, "seed": 5},
                  "top": [{"id": alt["id"], "prob": alt["prob"]} for alt in first["completion_probabilities"][0]["top_probs"]]},
    "greedy": {"settings": {"temperature": 0, "repeatPenalty": 1.3},
               "ids": [entry["id"] for entry in penalty_greedy["completion_probabilities"]],
               "text": penalty_greedy["content"]},
}

print(json.dumps({
    "source": "llama-server (llama.cpp 0.4.0-dev, commit 80fb11a, bundled with node-llama-cpp 3.21.1), "
              "stories260K.gguf, -c 512 -t 1; /completion n_probs=512 cache_prompt=false; "
              "recorded by test/engine/__fixtures__/record-llama-cpp-oracles.py",
    "text": TEXT,
    "tokens": tokens,
    "scored": scored,
    "perplexity": math.exp(-sum(entry["logprob"] for entry in scored) / len(scored)),
    "slidingWindow": {"windowSize": WINDOW, "stride": STRIDE, "scored": sliding,
                      "perplexity": math.exp(-sum(entry["logprob"] for entry in sliding) / len(sliding))},
    "greedy": {"prompt": "Once upon a time", "promptTokens": prompt, "text": generated["content"], "tokens": greedy},
    "sampled": {"prompt": "Once upon a time", "settings": SAMPLING, "runs": sampled},
    "sampledVariants": variants,
    "repeatPenalty": repeat_penalty,
}, indent=1))
