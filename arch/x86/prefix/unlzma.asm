; The option ROM's decoder (bin/VVVVDDDD.rom): unpacks the 32-bit part, an
; LZMA_Alone stream that util/lzcompress made from the x86-filtered pm.bin,
; then undoes the x86 filter (src/include/wireboot/x86_filter.h).  Written
; from the LZMA format description: a binary range coder with adaptive
; 11-bit probabilities; literals coded with lc bits of the previous byte
; and lp bits of the position as context (and, after a match, steered by
; the byte at the last distance); match lengths from a two-level choice
; tree; distances from a slot tree plus reverse-coded and direct bits; and
; four remembered distances for repeats.  The output is its own dictionary.
;
; Position-independent 32-bit code (only relative jumps and calls, data on
; the stack), flat segments, entered at offset 0, cdecl:
;   long lzma_decode_x86(src, src_len, dst, dst_len)
; Returns the uncompressed size, or -1 if the header is bad (any lc, lp, pb
; with lc + lp <= 3; the stream must carry its size: no end marker), the
; output does not fit in dst_len, or the data is corrupt or truncated.  It
; never writes outside dst[0 .. size) nor reads outside src and the output
; already written.  Uses about 16 KiB of stack.  arch/x86/prefix/rom.asm
; runs it; util/unlzma_check.c runs it on the host against each ROM's
; payload and damaged copies of it.

	bits	32

; Probability indices (each probability is 16 bits, 11 used).
PROB_BITS	equ 11
MOVE_BITS	equ 5
IS_MATCH	equ 0			; [state][pos_state]: 12 * 16
IS_REP		equ 192			; [state]: is_rep, is_rep0, is_rep1,
IS_REP0		equ 204			; is_rep2, 12 each, in a row
IS_REP0_LONG	equ 240			; [state][pos_state]
DIST_SLOT	equ 432			; [min(len, 3)][64]
DIST_SPECIAL	equ 688			; reverse trees of slots 4-13: 114
DIST_ALIGN	equ 802			; 16
LEN_CODER	equ 818			; choice, choice2, low[16][8], mid[16][8],
REP_LEN_CODER	equ 1332		; high[256]: 514 each
LITERAL		equ 1846		; [0x300] for each lc/lp context
PROBS		equ LITERAL + (0x300 << 3)
; Length tree offsets within a length coder.
LEN_LOW		equ 2
LEN_MID		equ 2 + 16 * 8
LEN_HIGH	equ 2 + 2 * 16 * 8

; The frame (EBP) below the saved registers: variables, then probabilities.
V_RANGE		equ 0
V_CODE		equ 4
V_IN		equ 8			; next input byte
V_IN_END	equ 12
V_DST		equ 16
V_LIMIT		equ 20			; dst + uncompressed size
V_STATE		equ 24
V_POS_STATE	equ 28
V_PB_MASK	equ 32
V_LP_MASK	equ 36
V_LC_SHIFT	equ 40			; 8 - lc
V_REPS		equ 44			; rep0, rep1, rep2, rep3
VARS		equ 60
V_PROBS		equ VARS
FRAME		equ VARS + 2 * PROBS
; The caller's frame above it: PUSHAD, return address, arguments.
SAVED_EAX	equ FRAME + 28
ARG_SRC		equ FRAME + 36
ARG_SRC_LEN	equ FRAME + 40
ARG_DST		equ FRAME + 44
ARG_DST_LEN	equ FRAME + 48

lzma_decode_x86:
	pushad
	cld
	sub	esp, FRAME
	mov	ebp, esp
	mov	edi, esp
	xor	eax, eax
	mov	ecx, VARS / 4
	rep	stosd
	mov	ax, 1 << (PROB_BITS - 1)
	mov	ecx, PROBS
	rep	stosw

	; Header: properties, dictionary size (unused: the output is the
	; dictionary), 64-bit size; then the range coder's first 5 bytes, the
	; first of them 0.
	mov	esi, [ebp + ARG_SRC]
	mov	ecx, [ebp + ARG_SRC_LEN]
	cmp	ecx, 13 + 5
	jb	fail
	add	ecx, esi
	mov	[ebp + V_IN_END], ecx
	movzx	eax, byte [esi]
	mov	cl, 9
	div	cl			; AH = lc, AL = lp + 5 * pb
	mov	bl, ah
	aam	5			; AH = pb, AL = lp
	cmp	ah, 4
	ja	fail
	mov	cl, ah
	call	low_mask
	mov	[ebp + V_PB_MASK], edx
	mov	cl, al
	call	low_mask
	mov	[ebp + V_LP_MASK], edx
	add	al, bl
	cmp	al, 3
	ja	fail
	mov	al, 8
	sub	al, bl
	mov	[ebp + V_LC_SHIFT], al
	cmp	dword [esi + 9], 0
	jne	fail
	mov	eax, [esi + 5]
	cmp	eax, [ebp + ARG_DST_LEN]
	ja	fail
	mov	edi, [ebp + ARG_DST]
	mov	[ebp + V_DST], edi
	add	eax, edi
	mov	[ebp + V_LIMIT], eax
	cmp	byte [esi + 13], 0
	jne	fail
	mov	eax, [esi + 14]
	bswap	eax
	mov	[ebp + V_CODE], eax
	add	esi, 18
	mov	[ebp + V_IN], esi
	or	dword [ebp + V_RANGE], -1

; The main loop: EDI = next output byte, EBX = state, ESI = the index of
; [state][pos_state].
next:
	cmp	edi, [ebp + V_LIMIT]
	jae	done
	mov	eax, edi
	sub	eax, [ebp + V_DST]
	and	eax, [ebp + V_PB_MASK]
	mov	[ebp + V_POS_STATE], eax
	mov	ebx, [ebp + V_STATE]
	mov	esi, ebx
	shl	esi, 4
	add	esi, eax
	lea	eax, [esi + IS_MATCH]
	call	bit
	jc	match

	; A literal: its probabilities from the position's low lp bits and
	; the previous byte's high lc bits.
	mov	eax, edi
	sub	eax, [ebp + V_DST]
	jz	.context
	and	eax, [ebp + V_LP_MASK]
	shl	eax, 8
	mov	al, [edi - 1]
.context:
	mov	cl, [ebp + V_LC_SHIFT]
	shr	eax, cl
	imul	eax, eax, 0x300
	lea	edx, [eax + LITERAL]
	; ESI = 0x100 while the bits still follow the byte at rep0 (ECX,
	; shifted so that its next bit is bit 8), after a match; else 0.
	xor	esi, esi
	cmp	bl, 7
	jb	.plain
	mov	esi, edi
	sub	esi, [ebp + V_REPS]
	movzx	ecx, byte [esi - 1]
	mov	esi, 0x100
.plain:
	mov	ebx, edx
	mov	edx, 1
.bit:
	add	ecx, ecx
	mov	eax, ecx
	and	eax, esi
	add	eax, esi
	add	eax, edx
	add	eax, ebx
	call	bit
	adc	edx, edx
	mov	eax, edx
	shl	eax, 8
	xor	eax, ecx
	not	eax
	and	esi, eax		; a differing bit ends the steering
	cmp	edx, 0x100
	jb	.bit
	mov	[edi], dl
	inc	edi
	; State 0-3 -> 0, 4-9 -> minus 3, 10-11 -> minus 6.
	mov	eax, [ebp + V_STATE]
	sub	al, 3
	jae	.above3
	mov	al, 0
.above3:
	cmp	al, 7
	jb	.state
	sub	al, 3
.state:
	mov	[ebp + V_STATE], al
	jmp	next

match:
	lea	eax, [ebx + IS_REP]
	call	bit
	jc	repeat
	; A new distance: length, then distance slot by min(length, 3).
	mov	ebx, LEN_CODER
	call	length
	push	edx
	mov	ax, 7 | 10 << 8
	call	set_state
	cmp	edx, 3
	jb	.slot
	mov	edx, 3
.slot:
	shl	edx, 6
	lea	ebx, [edx + DIST_SLOT]
	mov	ecx, 6
	call	tree
	and	edx, 63
	mov	eax, edx
	cmp	edx, 4
	jb	.distance
	; Slot 4 and up: the top two bits 1x, then (slot / 2 - 1) bits:
	; reverse-coded below slot 14, else direct bits and 4 aligned ones.
	mov	ecx, edx
	shr	ecx, 1
	dec	ecx
	and	eax, 1
	or	al, 2
	cmp	edx, 14
	jae	.far
	shl	eax, cl
	lea	ebx, [eax + DIST_SPECIAL - 1]
	sub	ebx, edx
	jmp	.reverse
.far:
	sub	ecx, 4
	mov	edx, eax
	call	direct
	shl	edx, 4
	mov	eax, edx
	mov	ebx, DIST_ALIGN
	mov	ecx, 4
.reverse:
	push	eax
	call	reverse_tree
	pop	eax
	add	eax, edx
.distance:
	mov	ecx, 3
	call	remember
	pop	ecx
	add	ecx, 2
	jmp	copy

	; A repeat of rep0-rep3 (the is_rep0, is_rep1, is_rep2 bits say which).
repeat:
	lea	eax, [ebx + IS_REP0]
	xor	ecx, ecx
.which:
	call	bit
	jnc	.chosen
	add	eax, 12
	inc	ecx
	cmp	cl, 3
	jb	.which
.chosen:
	jecxz	.rep0
	mov	eax, [ebp + V_REPS + 4 * ecx]
	call	remember
	jmp	.length
.rep0:
	lea	eax, [esi + IS_REP0_LONG]
	call	bit
	jc	.length
	; One byte from rep0.
	mov	ax, 9 | 11 << 8
	call	set_state
	mov	ecx, 1
	jmp	copy
.length:
	mov	ebx, REP_LEN_CODER
	call	length
	mov	ax, 8 | 11 << 8
	call	set_state
	lea	ecx, [edx + 2]

; Copy ECX bytes from rep0 + 1 back, if that is inside the output so far
; and they fit.
copy:
	mov	eax, edi
	sub	eax, [ebp + V_DST]
	mov	edx, [ebp + V_REPS]
	cmp	edx, eax
	jae	fail
	mov	eax, [ebp + V_LIMIT]
	sub	eax, edi
	cmp	ecx, eax
	ja	fail
	mov	esi, edi
	sub	esi, edx
	dec	esi
	rep	movsb
	jmp	next

; Done: undo the x86 filter.  At each E8/E9 with 5 bytes left, if the top
; byte of its operand is 00 or FF, subtract the offset after the operand
; modulo 2^25 and sign-extend from bit 24; then skip the operand.
done:
	mov	esi, [ebp + V_DST]
	sub	edi, esi
	xor	edx, edx
.scan:
	lea	eax, [edx + 5]
	cmp	eax, edi
	ja	.filtered
	mov	al, [esi + edx]
	and	al, 0xfe
	cmp	al, 0xe8
	je	.branch
	inc	edx
	jmp	.scan
.branch:
	mov	al, [esi + edx + 4]
	inc	al
	cmp	al, 1
	ja	.skip
	mov	eax, [esi + edx + 1]
	sub	eax, edx
	sub	eax, 5
	shl	eax, 7
	sar	eax, 7
	mov	[esi + edx + 1], eax
.skip:
	add	edx, 5
	jmp	.scan
.filtered:
	mov	eax, edi
	jmp	exit

fail:
	or	eax, -1
exit:
	mov	[ebp + SAVED_EAX], eax
	lea	esp, [ebp + FRAME]
	popad
	ret

; EDX = (1 << CL) - 1.
low_mask:
	xor	edx, edx
	inc	edx
	shl	edx, cl
	dec	edx
	ret

; The state after a match (AL if the state was a literal one, below 7,
; else AH).
set_state:
	cmp	byte [ebp + V_STATE], 7
	jb	.set
	mov	al, ah
.set:
	mov	[ebp + V_STATE], al
	ret

; Make EAX rep0, moving rep0 .. rep(ECX - 1) one place down over rep(ECX).
remember:
	mov	edx, [ebp + V_REPS + 4 * ecx - 4]
	mov	[ebp + V_REPS + 4 * ecx], edx
	loop	remember
	mov	[ebp + V_REPS], eax
	ret

; A match length minus 2 in EDX, from the length coder at index EBX.
length:
	mov	eax, ebx
	call	bit
	jc	.not_low
	mov	eax, [ebp + V_POS_STATE]
	lea	ebx, [ebx + 8 * eax + LEN_LOW]
	mov	ecx, 3
	call	tree
	sub	edx, 8
	ret
.not_low:
	inc	eax
	call	bit
	jc	.high
	mov	eax, [ebp + V_POS_STATE]
	lea	ebx, [ebx + 8 * eax + LEN_MID]
	mov	ecx, 3
	jmp	tree			; 8 + 3 bits: lengths 8-15
.high:
	add	ebx, LEN_HIGH
	mov	ecx, 8
	call	tree
	sub	edx, 256 - 16
	ret

; Decode ECX bits, most significant first, from the tree at index EBX:
; EDX = 1 followed by the bits.
tree:
	mov	edx, 1
.bit:
	lea	eax, [ebx + edx]
	call	bit
	adc	edx, edx
	loop	.bit
	ret

; Decode ECX bits, least significant first, from the tree at index EBX:
; EDX = their value.
reverse_tree:
	push	ecx
	call	tree
	pop	ecx
	xor	eax, eax
.turn:
	shr	edx, 1
	rcl	eax, 1
	loop	.turn
	mov	edx, eax
	ret

; Shift ECX bits of probability one half into EDX.
direct:
	call	normalize
	shr	dword [ebp + V_RANGE], 1
	mov	eax, [ebp + V_RANGE]
	cmp	[ebp + V_CODE], eax
	jb	.zero
	sub	[ebp + V_CODE], eax
.zero:
	cmc
	adc	edx, edx
	loop	direct
	ret

; Decode one bit with the probability at index EAX into CF, and adapt the
; probability.  Keeps every register.
bit:
	call	normalize
	pushad
	lea	edi, [ebp + V_PROBS + 2 * eax]
	movzx	ecx, word [edi]
	mov	eax, [ebp + V_RANGE]
	shr	eax, PROB_BITS
	imul	eax, ecx		; the bound between 0 and 1
	mov	edx, [ebp + V_CODE]
	sub	edx, eax
	jae	.one
	mov	[ebp + V_RANGE], eax
	mov	eax, 1 << PROB_BITS
	sub	eax, ecx
	shr	eax, MOVE_BITS
	add	[edi], ax
	clc
	popad
	ret
.one:
	mov	[ebp + V_CODE], edx
	sub	[ebp + V_RANGE], eax
	shr	ecx, MOVE_BITS
	sub	[edi], cx
	stc
	popad
	ret

; Keep the range at 2^24 or more, shifting in input bytes; fail at the
; end of the input.  Keeps every register.
normalize:
	cmp	byte [ebp + V_RANGE + 3], 0
	jne	.done
	pushad
	mov	esi, [ebp + V_IN]
	cmp	esi, [ebp + V_IN_END]
	jae	fail
	shl	dword [ebp + V_RANGE], 8
	mov	eax, [ebp + V_CODE]
	shl	eax, 8
	lodsb
	mov	[ebp + V_CODE], eax
	mov	[ebp + V_IN], esi
	popad
.done:
	ret
