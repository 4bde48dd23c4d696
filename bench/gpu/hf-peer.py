"""HF transformers peer for the GPU benchmark: the per-position statistics logprobe computes
(log-softmax, the chosen token's logprob, top-20 and entropy at every position) on a randomly
initialised Qwen2.5-0.5B-shaped model in bf16 (weights do not change the speed). Prints one JSON
object: tokens/s for batches of 1 x 512 and 16 x 512 tokens."""
import json
import sys
import time

import torch
from transformers import Qwen2Config, Qwen2ForCausalLM

config = Qwen2Config(
    vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
    num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768,
    rope_theta=1_000_000.0, rms_norm_eps=1e-6, tie_word_embeddings=True,
)
torch.manual_seed(1)
model = Qwen2ForCausalLM(config).to(device="cuda", dtype=torch.bfloat16).eval()


@torch.inference_mode()
def statistics(ids: torch.Tensor) -> None:
    logits = model(ids).logits.float()
    logprobs = torch.log_softmax(logits[:, :-1], dim=-1)
    chosen = logprobs.gather(-1, ids[:, 1:, None]).squeeze(-1)
    top = logprobs.topk(20, dim=-1)
    entropy = -(logprobs.exp() * logprobs).sum(-1)
    torch.cuda.synchronize()
    return chosen, top, entropy


results = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0)}
for batch in (1, 16):
    ids = torch.randint(3, config.vocab_size, (batch, 512), device="cuda")
    for _ in range(3):
        statistics(ids)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        statistics(ids)
        runs.append(batch * 511 / (time.perf_counter() - started))
    results[f"{batch}x512"] = sorted(runs)[len(runs) // 2]
print(json.dumps(results))
sys.stdout.flush()
