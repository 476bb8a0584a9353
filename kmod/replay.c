// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-replay. The window is a ring of bits indexed by the low bits of the
 * sequence number; the ring is a power of two at least as large as the
 * window, so that moving the top clears exactly the slots it passes over.
 * The check runs before decryption, the advance only once the ICV verified
 * (RFC 4303 3.4.3), and the advance checks again: two copies of one packet
 * may be in the crypto API at the same time.
 */
#include <linux/bitmap.h>
#include <linux/log2.h>
#include <linux/slab.h>

#include "replay.h"

struct cmap_replay *cmap_replay_new(u32 window, gfp_t gfp)
{
	u32 nbits = window ? roundup_pow_of_two(max_t(u32, window,
						      BITS_PER_LONG)) : 0;
	struct cmap_replay *r;

	r = kzalloc(struct_size(r, bits, BITS_TO_LONGS(nbits)), gfp);
	if (!r)
		return NULL;
	r->window = window;
	r->mask = nbits ? nbits - 1 : 0;
	return r;
}

/*
 * The 64-bit sequence number a packet carrying @seq_lo stands for (RFC 4303
 * appendix A2.1): the one closest to the window. Without ESN the high half
 * is always 0. A wrong guess only makes the ICV fail.
 */
u64 cmap_replay_infer(const struct cmap_replay *r, u32 seq_lo, bool esn)
{
	u32 tl = lower_32_bits(r->top), th = upper_32_bits(r->top);
	u32 w = r->window ?: 1, bottom = tl - w + 1;

	if (!esn)
		return seq_lo;
	if (tl >= w - 1) {
		if (seq_lo < bottom)
			th++;
	} else if (seq_lo >= bottom && th) {
		th--;
	}
	return (u64)th << 32 | seq_lo;
}

bool cmap_replay_check(const struct cmap_replay *r, u64 seq)
{
	if (!seq)
		return false;
	if (!r->window || seq > r->top)
		return true;
	if (r->top - seq >= r->window)
		return false;
	return !test_bit(seq & r->mask, r->bits);
}

/* Clears the ring slots of top + 1 .. @seq. */
static void cmap_replay_slide(struct cmap_replay *r, u64 seq)
{
	u32 nbits = r->mask + 1, start, count, first;
	u64 d = seq - r->top;

	if (d >= nbits) {
		bitmap_zero(r->bits, nbits);
		return;
	}
	start = (r->top + 1) & r->mask;
	count = d;
	first = min(count, nbits - start);
	bitmap_clear(r->bits, start, first);
	if (count > first)
		bitmap_clear(r->bits, 0, count - first);
}

bool cmap_replay_advance(struct cmap_replay *r, u64 seq)
{
	if (!cmap_replay_check(r, seq))
		return false;
	if (r->window) {
		if (seq > r->top)
			cmap_replay_slide(r, seq);
		__set_bit(seq & r->mask, r->bits);
	}
	if (seq > r->top)
		r->top = seq;
	return true;
}

#ifdef CMAP_SELFTEST
#include <linux/random.h>
#include <linux/vmalloc.h>

/*
 * The reference: every sequence number ever accepted, in a plain bitmap
 * over the whole range the test uses.
 */
struct cmap_replay_ref {
	u64 top;
	u32 window;
	unsigned long *seen;
};

static bool cmap_replay_ref_accept(struct cmap_replay_ref *ref, u64 seq)
{
	if (!seq)
		return false;
	if (ref->window && seq <= ref->top &&
	    (ref->top - seq >= ref->window || test_bit(seq, ref->seen)))
		return false;
	__set_bit(seq, ref->seen);
	if (seq > ref->top)
		ref->top = seq;
	return true;
}

#define CMAP_REPLAY_RANGE (1U << 20)

static bool cmap_replay_run(u32 window, unsigned long *seen)
{
	struct cmap_replay_ref ref = { .window = window, .seen = seen };
	struct cmap_replay *r = cmap_replay_new(window, GFP_KERNEL);
	bool c, a, w;
	u64 seq = 0;
	int i;

	if (!r)
		return false;
	bitmap_zero(seen, CMAP_REPLAY_RANGE);
	for (i = 0; i < 20000; i++) {
		u32 pick = get_random_u32();
		u64 cand;

		switch (pick % 8) {
		case 0: /* far ahead, more than any ring */
			cand = ref.top + 1 + pick % 9000;
			break;
		case 1: case 2: /* next */
			cand = ref.top + 1;
			break;
		case 3: /* exact duplicate of something recent */
			cand = seq;
			break;
		default: /* around the bottom of the window */
			cand = ref.top - (pick >> 8) % (window + 70 + 1);
			if (cand > ref.top)
				cand = 0;
			break;
		}
		if (cand >= CMAP_REPLAY_RANGE)
			break;
		seq = cand;
		c = cmap_replay_check(r, seq);
		a = cmap_replay_advance(r, seq);
		w = cmap_replay_ref_accept(&ref, seq);
		if (c != w || a != w || r->top != ref.top) {
			pr_err("replay self-test: window %u, seq %llu, top %llu/%llu\n",
			       window, seq, r->top, ref.top);
			kfree(r);
			return false;
		}
	}
	kfree(r);
	return true;
}

/* ESN: each number near the window is inferred back from its low half. */
static bool cmap_replay_esn(u32 window)
{
	static const u64 tops[] = { 1, 5, 0xffffffe0ULL, 0xffffffffULL,
				    0x100000000ULL, 0x100000010ULL,
				    0x1fffffff0ULL, 0x2000000ffULL };
	struct cmap_replay *r = cmap_replay_new(window, GFP_KERNEL);
	int i, d;

	if (!r)
		return false;
	for (i = 0; i < ARRAY_SIZE(tops); i++) {
		r->top = tops[i];
		for (d = -(int)window + 1; d <= 3000; d += 7) {
			u64 seq = r->top + d;

			if ((s64)seq <= 0 || (d < 0 && -d >= r->top))
				continue;
			if (cmap_replay_infer(r, lower_32_bits(seq), true) !=
			    seq) {
				pr_err("replay self-test: ESN top %llx seq %llx\n",
				       r->top, seq);
				kfree(r);
				return false;
			}
		}
	}
	kfree(r);
	return true;
}

bool cmap_replay_selftest(void)
{
	static const u32 windows[] = { 0, 32, 64, 96, 1024, 4096 };
	unsigned long *seen = vmalloc(BITS_TO_LONGS(CMAP_REPLAY_RANGE) *
				      sizeof(long));
	bool ok = !!seen;
	int i;

	for (i = 0; ok && i < ARRAY_SIZE(windows); i++)
		ok = cmap_replay_run(windows[i], seen) &&
		     (!windows[i] || cmap_replay_esn(windows[i]));
	vfree(seen);
	return ok;
}
#endif
