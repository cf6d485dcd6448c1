#include "textflag.h"

// tailMask holds, for r = 0 to 3, four lanes of which the first r are set.
DATA tailMask<>+0(SB)/8, $0
DATA tailMask<>+8(SB)/8, $0
DATA tailMask<>+16(SB)/8, $0
DATA tailMask<>+24(SB)/8, $0
DATA tailMask<>+32(SB)/8, $-1
DATA tailMask<>+40(SB)/8, $0
DATA tailMask<>+48(SB)/8, $0
DATA tailMask<>+56(SB)/8, $0
DATA tailMask<>+64(SB)/8, $-1
DATA tailMask<>+72(SB)/8, $-1
DATA tailMask<>+80(SB)/8, $0
DATA tailMask<>+88(SB)/8, $0
DATA tailMask<>+96(SB)/8, $-1
DATA tailMask<>+104(SB)/8, $-1
DATA tailMask<>+112(SB)/8, $-1
DATA tailMask<>+120(SB)/8, $0
GLOBL tailMask<>(SB), RODATA|NOPTR, $128

// func gatherRowFMA(c, b []float64, off []int, val []float64)
//
// c[j] = Σ_p val[p]·b[off[p]+j] for j < len(c), accumulated in registers:
// columns go in blocks of 32 (eight ymm accumulators, enough independent
// FMA chains to hide their latency), then of 4 (four accumulators taking
// alternate nonzeros), then the last 1 to 3 as a masked block of 4.
TEXT ·gatherRowFMA(SB), NOSPLIT, $0-96
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	MOVQ b_base+24(FP), SI
	MOVQ off_base+48(FP), R8
	MOVQ off_len+56(FP), R9
	MOVQ val_base+72(FP), R10

block32:
	CMPQ CX, $32
	JLT  block4
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ   R11, R11

loop32:
	CMPQ         R11, R9
	JGE          store32
	MOVQ         (R8)(R11*8), AX
	LEAQ         (SI)(AX*8), AX
	VBROADCASTSD (R10)(R11*8), Y8
	VFMADD231PD  (AX), Y8, Y0
	VFMADD231PD  32(AX), Y8, Y1
	VFMADD231PD  64(AX), Y8, Y2
	VFMADD231PD  96(AX), Y8, Y3
	VFMADD231PD  128(AX), Y8, Y4
	VFMADD231PD  160(AX), Y8, Y5
	VFMADD231PD  192(AX), Y8, Y6
	VFMADD231PD  224(AX), Y8, Y7
	INCQ         R11
	JMP          loop32

store32:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y4, 128(DI)
	VMOVUPD Y5, 160(DI)
	VMOVUPD Y6, 192(DI)
	VMOVUPD Y7, 224(DI)
	ADDQ    $256, DI
	ADDQ    $256, SI
	SUBQ    $32, CX
	JMP     block32

block4:
	CMPQ   CX, $4
	JLT    block1
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ   R11, R11

loop4x4:
	LEAQ         4(R11), R12
	CMPQ         R12, R9
	JGT          loop4
	MOVQ         (R8)(R11*8), AX
	VBROADCASTSD (R10)(R11*8), Y8
	VFMADD231PD  (SI)(AX*8), Y8, Y0
	MOVQ         8(R8)(R11*8), AX
	VBROADCASTSD 8(R10)(R11*8), Y9
	VFMADD231PD  (SI)(AX*8), Y9, Y1
	MOVQ         16(R8)(R11*8), AX
	VBROADCASTSD 16(R10)(R11*8), Y10
	VFMADD231PD  (SI)(AX*8), Y10, Y2
	MOVQ         24(R8)(R11*8), AX
	VBROADCASTSD 24(R10)(R11*8), Y11
	VFMADD231PD  (SI)(AX*8), Y11, Y3
	MOVQ         R12, R11
	JMP          loop4x4

loop4:
	CMPQ         R11, R9
	JGE          store4
	MOVQ         (R8)(R11*8), AX
	VBROADCASTSD (R10)(R11*8), Y8
	VFMADD231PD  (SI)(AX*8), Y8, Y0
	INCQ         R11
	JMP          loop4

store4:
	VADDPD  Y1, Y0, Y0
	VADDPD  Y3, Y2, Y2
	VADDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	SUBQ    $4, CX
	JMP     block4

block1:
	// The last 1 to 3 columns: four lanes with the ones past the row
	// masked off, so that nothing beyond b's rows or c's row is touched.
	CMPQ       CX, $0
	JLE        done
	LEAQ       tailMask<>(SB), AX
	SHLQ       $5, CX
	VMOVDQU    (AX)(CX*1), Y12
	VXORPD     Y0, Y0, Y0
	VXORPD     Y1, Y1, Y1
	VXORPD     Y2, Y2, Y2
	VXORPD     Y3, Y3, Y3
	XORQ       R11, R11

loop1x4:
	LEAQ         4(R11), R12
	CMPQ         R12, R9
	JGT          loop1
	MOVQ         (R8)(R11*8), AX
	VMASKMOVPD   (SI)(AX*8), Y12, Y4
	VBROADCASTSD (R10)(R11*8), Y8
	VFMADD231PD  Y4, Y8, Y0
	MOVQ         8(R8)(R11*8), AX
	VMASKMOVPD   (SI)(AX*8), Y12, Y5
	VBROADCASTSD 8(R10)(R11*8), Y9
	VFMADD231PD  Y5, Y9, Y1
	MOVQ         16(R8)(R11*8), AX
	VMASKMOVPD   (SI)(AX*8), Y12, Y6
	VBROADCASTSD 16(R10)(R11*8), Y10
	VFMADD231PD  Y6, Y10, Y2
	MOVQ         24(R8)(R11*8), AX
	VMASKMOVPD   (SI)(AX*8), Y12, Y7
	VBROADCASTSD 24(R10)(R11*8), Y11
	VFMADD231PD  Y7, Y11, Y3
	MOVQ         R12, R11
	JMP          loop1x4

loop1:
	CMPQ         R11, R9
	JGE          store1
	MOVQ         (R8)(R11*8), AX
	VMASKMOVPD   (SI)(AX*8), Y12, Y4
	VBROADCASTSD (R10)(R11*8), Y8
	VFMADD231PD  Y4, Y8, Y0
	INCQ         R11
	JMP          loop1

store1:
	VADDPD     Y1, Y0, Y0
	VADDPD     Y3, Y2, Y2
	VADDPD     Y2, Y0, Y0
	VMASKMOVPD Y0, Y12, (DI)

done:
	VZEROUPPER
	RET

// func adamStepAVX(w, g, m, v []float64, lrT, a1, a2, eps float64)
//
// adamStep four elements at a time, with the operations of the Go loop in
// the same order and no fused multiply-add, so that it rounds exactly as
// the Go loop does.
TEXT ·adamStepAVX(SB), NOSPLIT, $0-128
	MOVQ         w_base+0(FP), DI
	MOVQ         w_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         m_base+48(FP), R8
	MOVQ         v_base+72(FP), R9
	VBROADCASTSD lrT+96(FP), Y12
	VBROADCASTSD a1+104(FP), Y13
	VBROADCASTSD a2+112(FP), Y14
	VBROADCASTSD eps+120(FP), Y15
	XORQ         AX, AX

loop4:
	LEAQ    4(AX), DX
	CMPQ    DX, CX
	JGT     tail
	VMOVUPD (SI)(AX*8), Y0          // g
	VMOVUPD (R8)(AX*8), Y1          // m
	VMOVUPD (R9)(AX*8), Y2          // v
	VSUBPD  Y1, Y0, Y3              // g - m
	VMULPD  Y3, Y13, Y3             // a1·(g - m)
	VADDPD  Y3, Y1, Y1              // m + a1·(g - m)
	VMULPD  Y0, Y0, Y4              // g²
	VSUBPD  Y2, Y4, Y4              // g² - v
	VMULPD  Y4, Y14, Y4             // a2·(g² - v)
	VADDPD  Y4, Y2, Y2              // v + a2·(g² - v)
	VMOVUPD Y1, (R8)(AX*8)
	VMOVUPD Y2, (R9)(AX*8)
	VSQRTPD Y2, Y5
	VADDPD  Y15, Y5, Y5             // sqrt(v) + eps
	VMULPD  Y1, Y12, Y6             // lrT·m
	VDIVPD  Y5, Y6, Y6
	VMOVUPD (DI)(AX*8), Y7
	VSUBPD  Y6, Y7, Y7
	VMOVUPD Y7, (DI)(AX*8)
	MOVQ    DX, AX
	JMP     loop4

tail:
	CMPQ    AX, CX
	JGE     done
	VMOVSD  (SI)(AX*8), X0
	VMOVSD  (R8)(AX*8), X1
	VMOVSD  (R9)(AX*8), X2
	VSUBSD  X1, X0, X3
	VMULSD  X3, X13, X3
	VADDSD  X3, X1, X1
	VMULSD  X0, X0, X4
	VSUBSD  X2, X4, X4
	VMULSD  X4, X14, X4
	VADDSD  X4, X2, X2
	VMOVSD  X1, (R8)(AX*8)
	VMOVSD  X2, (R9)(AX*8)
	VSQRTSD X2, X2, X5
	VADDSD  X15, X5, X5
	VMULSD  X1, X12, X6
	VDIVSD  X5, X6, X6
	VMOVSD  (DI)(AX*8), X7
	VSUBSD  X6, X7, X7
	VMOVSD  X7, (DI)(AX*8)
	INCQ    AX
	JMP     tail

done:
	VZEROUPPER
	RET

// leftPack holds, for each 4-bit mask of nonzero lanes, the VPERMD indices
// (pairs of 32-bit lanes, one pair a float64) that move the marked lanes
// to the front in order.
DATA leftPack<>+0(SB)/4, $0
DATA leftPack<>+4(SB)/4, $1
DATA leftPack<>+8(SB)/4, $0
DATA leftPack<>+12(SB)/4, $1
DATA leftPack<>+16(SB)/4, $0
DATA leftPack<>+20(SB)/4, $1
DATA leftPack<>+24(SB)/4, $0
DATA leftPack<>+28(SB)/4, $1
DATA leftPack<>+32(SB)/4, $0
DATA leftPack<>+36(SB)/4, $1
DATA leftPack<>+40(SB)/4, $0
DATA leftPack<>+44(SB)/4, $1
DATA leftPack<>+48(SB)/4, $0
DATA leftPack<>+52(SB)/4, $1
DATA leftPack<>+56(SB)/4, $0
DATA leftPack<>+60(SB)/4, $1
DATA leftPack<>+64(SB)/4, $2
DATA leftPack<>+68(SB)/4, $3
DATA leftPack<>+72(SB)/4, $0
DATA leftPack<>+76(SB)/4, $1
DATA leftPack<>+80(SB)/4, $0
DATA leftPack<>+84(SB)/4, $1
DATA leftPack<>+88(SB)/4, $0
DATA leftPack<>+92(SB)/4, $1
DATA leftPack<>+96(SB)/4, $0
DATA leftPack<>+100(SB)/4, $1
DATA leftPack<>+104(SB)/4, $2
DATA leftPack<>+108(SB)/4, $3
DATA leftPack<>+112(SB)/4, $0
DATA leftPack<>+116(SB)/4, $1
DATA leftPack<>+120(SB)/4, $0
DATA leftPack<>+124(SB)/4, $1
DATA leftPack<>+128(SB)/4, $4
DATA leftPack<>+132(SB)/4, $5
DATA leftPack<>+136(SB)/4, $0
DATA leftPack<>+140(SB)/4, $1
DATA leftPack<>+144(SB)/4, $0
DATA leftPack<>+148(SB)/4, $1
DATA leftPack<>+152(SB)/4, $0
DATA leftPack<>+156(SB)/4, $1
DATA leftPack<>+160(SB)/4, $0
DATA leftPack<>+164(SB)/4, $1
DATA leftPack<>+168(SB)/4, $4
DATA leftPack<>+172(SB)/4, $5
DATA leftPack<>+176(SB)/4, $0
DATA leftPack<>+180(SB)/4, $1
DATA leftPack<>+184(SB)/4, $0
DATA leftPack<>+188(SB)/4, $1
DATA leftPack<>+192(SB)/4, $2
DATA leftPack<>+196(SB)/4, $3
DATA leftPack<>+200(SB)/4, $4
DATA leftPack<>+204(SB)/4, $5
DATA leftPack<>+208(SB)/4, $0
DATA leftPack<>+212(SB)/4, $1
DATA leftPack<>+216(SB)/4, $0
DATA leftPack<>+220(SB)/4, $1
DATA leftPack<>+224(SB)/4, $0
DATA leftPack<>+228(SB)/4, $1
DATA leftPack<>+232(SB)/4, $2
DATA leftPack<>+236(SB)/4, $3
DATA leftPack<>+240(SB)/4, $4
DATA leftPack<>+244(SB)/4, $5
DATA leftPack<>+248(SB)/4, $0
DATA leftPack<>+252(SB)/4, $1
DATA leftPack<>+256(SB)/4, $6
DATA leftPack<>+260(SB)/4, $7
DATA leftPack<>+264(SB)/4, $0
DATA leftPack<>+268(SB)/4, $1
DATA leftPack<>+272(SB)/4, $0
DATA leftPack<>+276(SB)/4, $1
DATA leftPack<>+280(SB)/4, $0
DATA leftPack<>+284(SB)/4, $1
DATA leftPack<>+288(SB)/4, $0
DATA leftPack<>+292(SB)/4, $1
DATA leftPack<>+296(SB)/4, $6
DATA leftPack<>+300(SB)/4, $7
DATA leftPack<>+304(SB)/4, $0
DATA leftPack<>+308(SB)/4, $1
DATA leftPack<>+312(SB)/4, $0
DATA leftPack<>+316(SB)/4, $1
DATA leftPack<>+320(SB)/4, $2
DATA leftPack<>+324(SB)/4, $3
DATA leftPack<>+328(SB)/4, $6
DATA leftPack<>+332(SB)/4, $7
DATA leftPack<>+336(SB)/4, $0
DATA leftPack<>+340(SB)/4, $1
DATA leftPack<>+344(SB)/4, $0
DATA leftPack<>+348(SB)/4, $1
DATA leftPack<>+352(SB)/4, $0
DATA leftPack<>+356(SB)/4, $1
DATA leftPack<>+360(SB)/4, $2
DATA leftPack<>+364(SB)/4, $3
DATA leftPack<>+368(SB)/4, $6
DATA leftPack<>+372(SB)/4, $7
DATA leftPack<>+376(SB)/4, $0
DATA leftPack<>+380(SB)/4, $1
DATA leftPack<>+384(SB)/4, $4
DATA leftPack<>+388(SB)/4, $5
DATA leftPack<>+392(SB)/4, $6
DATA leftPack<>+396(SB)/4, $7
DATA leftPack<>+400(SB)/4, $0
DATA leftPack<>+404(SB)/4, $1
DATA leftPack<>+408(SB)/4, $0
DATA leftPack<>+412(SB)/4, $1
DATA leftPack<>+416(SB)/4, $0
DATA leftPack<>+420(SB)/4, $1
DATA leftPack<>+424(SB)/4, $4
DATA leftPack<>+428(SB)/4, $5
DATA leftPack<>+432(SB)/4, $6
DATA leftPack<>+436(SB)/4, $7
DATA leftPack<>+440(SB)/4, $0
DATA leftPack<>+444(SB)/4, $1
DATA leftPack<>+448(SB)/4, $2
DATA leftPack<>+452(SB)/4, $3
DATA leftPack<>+456(SB)/4, $4
DATA leftPack<>+460(SB)/4, $5
DATA leftPack<>+464(SB)/4, $6
DATA leftPack<>+468(SB)/4, $7
DATA leftPack<>+472(SB)/4, $0
DATA leftPack<>+476(SB)/4, $1
DATA leftPack<>+480(SB)/4, $0
DATA leftPack<>+484(SB)/4, $1
DATA leftPack<>+488(SB)/4, $2
DATA leftPack<>+492(SB)/4, $3
DATA leftPack<>+496(SB)/4, $4
DATA leftPack<>+500(SB)/4, $5
DATA leftPack<>+504(SB)/4, $6
DATA leftPack<>+508(SB)/4, $7
GLOBL leftPack<>(SB), RODATA|NOPTR, $512

// func packNonzerosAVX2(a []float64, stride int, off []int, val []float64) (done, cnt int)
//
// Gathers the nonzeros of a, four elements at a time, into val and their
// offsets l·stride into off, and returns how many elements of a it went
// through (a multiple of four) and how many nonzeros it found. A lane is
// kept when it compares unequal to zero, as Go's v != 0 does (NaN is
// kept). off and val must hold len(a) elements.
TEXT ·packNonzerosAVX2(SB), NOSPLIT, $0-96
	MOVQ         a_base+0(FP), SI
	MOVQ         a_len+8(FP), CX
	MOVQ         stride+24(FP), DX
	MOVQ         off_base+32(FP), DI
	MOVQ         val_base+56(FP), R8
	LEAQ         leftPack<>(SB), R9
	ANDQ         $-4, CX
	// Y14 = {0, s, 2s, 3s}, Y13 = {4s, 4s, 4s, 4s}
	MOVQ         DX, X0
	VPBROADCASTQ X0, Y13
	VPXOR        Y14, Y14, Y14
	VPXOR        Y15, Y15, Y15
	MOVQ         $0, R10
	MOVQ         R10, X1
	MOVQ         DX, X2
	VPUNPCKLQDQ  X2, X1, X1          // {0, s}
	LEAQ         (DX)(DX*2), R10
	LEAQ         (DX)(DX*1), R11
	MOVQ         R11, X2
	MOVQ         R10, X3
	VPUNPCKLQDQ  X3, X2, X2          // {2s, 3s}
	VINSERTI128  $1, X2, Y1, Y14
	VPSLLQ       $2, Y13, Y13
	XORQ         AX, AX              // elements done
	XORQ         R11, R11            // nonzeros found

loop:
	CMPQ       AX, CX
	JGE        done
	VMOVUPD    (SI)(AX*8), Y0
	VCMPPD     $4, Y15, Y0, Y1       // NEQ_UQ: true for nonzero and NaN
	VMOVMSKPD  Y1, BX
	MOVQ       BX, R12
	SHLQ       $5, R12
	VMOVDQU    (R9)(R12*1), Y2
	VPERMD     Y0, Y2, Y3
	VMOVUPD    Y3, (R8)(R11*8)
	VPERMD     Y14, Y2, Y4
	VMOVDQU    Y4, (DI)(R11*8)
	POPCNTQ    BX, BX
	ADDQ       BX, R11
	VPADDQ     Y13, Y14, Y14
	ADDQ       $4, AX
	JMP        loop

done:
	MOVQ       AX, done+80(FP)
	MOVQ       R11, cnt+88(FP)
	VZEROUPPER
	RET


// canonNaN is math.NaN()'s bits, four times.
DATA canonNaN<>+0(SB)/8, $0x7ff8000000000001
DATA canonNaN<>+8(SB)/8, $0x7ff8000000000001
DATA canonNaN<>+16(SB)/8, $0x7ff8000000000001
DATA canonNaN<>+24(SB)/8, $0x7ff8000000000001
GLOBL canonNaN<>(SB), RODATA|NOPTR, $32

// func reluAVX(o, s []float64) int
//
// o[i] = max(0, s[i]) four at a time, NaN as math.NaN() (VMAXPD alone
// would give 0 or the input's NaN); it returns how many elements it did (a
// multiple of four), leaving the rest to the Go loop.
TEXT ·reluAVX(SB), NOSPLIT, $0-56
	MOVQ    o_base+0(FP), DI
	MOVQ    s_base+24(FP), SI
	MOVQ    s_len+32(FP), CX
	ANDQ    $-4, CX
	VXORPD  Y15, Y15, Y15
	VMOVUPD canonNaN<>(SB), Y14
	XORQ    AX, AX

reluloop:
	CMPQ      AX, CX
	JGE       reludone
	VMOVUPD   (SI)(AX*8), Y0
	VMAXPD    Y15, Y0, Y1        // max(v, 0): 0 where v is NaN
	VCMPPD    $3, Y0, Y0, Y2     // UNORD_Q: v is NaN
	VBLENDVPD Y2, Y14, Y1, Y1
	VMOVUPD   Y1, (DI)(AX*8)
	ADDQ      $4, AX
	JMP       reluloop

reludone:
	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET

// func maskAVX(d, g, o []float64) int
//
// d[j] = g[j] where o[j] > 0 and +0 elsewhere (NaN is not > 0), four at a
// time; it returns how many elements it did, as reluAVX.
TEXT ·maskAVX(SB), NOSPLIT, $0-80
	MOVQ   d_base+0(FP), DI
	MOVQ   g_base+24(FP), SI
	MOVQ   g_len+32(FP), CX
	MOVQ   o_base+48(FP), R8
	ANDQ   $-4, CX
	VXORPD Y15, Y15, Y15
	XORQ   AX, AX

maskloop:
	CMPQ    AX, CX
	JGE     maskdone
	VMOVUPD (R8)(AX*8), Y0
	VCMPPD  $0x1e, Y15, Y0, Y1   // GT_OQ: o > 0
	VANDPD  (SI)(AX*8), Y1, Y1
	VMOVUPD Y1, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     maskloop

maskdone:
	MOVQ AX, ret+72(FP)
	VZEROUPPER
	RET

// func bnRowAVX(xn, o, x, mean, std, gamma, beta []float64) int
//
// One row of BatchNorm's forward pass, four columns at a time, with the Go
// loop's operations in its order (no fused multiply-add):
// xn[j] = (x[j]-mean[j])/std[j], o[j] = gamma[j]·xn[j] + beta[j]. It
// returns how many columns it did (len(x) rounded down to a multiple of
// four); every slice must be at least as long as x.
TEXT ·bnRowAVX(SB), NOSPLIT, $0-176
	MOVQ xn_base+0(FP), DI
	MOVQ o_base+24(FP), R8
	MOVQ x_base+48(FP), SI
	MOVQ x_len+56(FP), CX
	MOVQ mean_base+72(FP), R9
	MOVQ std_base+96(FP), R10
	MOVQ gamma_base+120(FP), R11
	MOVQ beta_base+144(FP), R12
	ANDQ $-4, CX
	XORQ AX, AX

bnloop:
	CMPQ    AX, CX
	JGE     bndone
	VMOVUPD (SI)(AX*8), Y0
	VSUBPD  (R9)(AX*8), Y0, Y0
	VDIVPD  (R10)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	VMULPD  (R11)(AX*8), Y0, Y1
	VADDPD  (R12)(AX*8), Y1, Y1
	VMOVUPD Y1, (R8)(AX*8)
	ADDQ    $4, AX
	JMP     bnloop

bndone:
	MOVQ AX, ret+168(FP)
	VZEROUPPER
	RET

// func transposeAVX(dst []float64, ds int, src []float64, ss int, r, c int)
//
// dst[j·ds+i] = src[i·ss+j] for i < r and j < c, both multiples of four, in
// blocks of 4×4: four rows loaded, shuffled, four columns stored.
TEXT ·transposeAVX(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ ds+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ ss+56(FP), R8
	MOVQ r+64(FP), R10
	MOVQ c+72(FP), R11
	SHLQ $3, R8
	SHLQ $3, R9
	LEAQ (R8)(R8*2), R12          // 3 source rows
	LEAQ (R9)(R9*2), R13          // 3 destination rows
	XORQ BX, BX                   // i

rows:
	CMPQ BX, R10
	JGE  tdone
	MOVQ BX, AX
	IMULQ R8, AX
	LEAQ (SI)(AX*1), R14          // &src[i·ss]
	LEAQ (DI)(BX*8), R15          // &dst[i]
	XORQ DX, DX                   // j

cols:
	CMPQ       DX, R11
	JGE        nextrows
	VMOVUPD    (R14)(DX*8), Y0
	LEAQ       (R14)(R8*1), AX
	VMOVUPD    (AX)(DX*8), Y1
	LEAQ       (R14)(R8*2), AX
	VMOVUPD    (AX)(DX*8), Y2
	LEAQ       (R14)(R12*1), AX
	VMOVUPD    (AX)(DX*8), Y3
	VUNPCKLPD  Y1, Y0, Y4
	VUNPCKHPD  Y1, Y0, Y5
	VUNPCKLPD  Y3, Y2, Y6
	VUNPCKHPD  Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	MOVQ       DX, AX
	IMULQ      R9, AX
	ADDQ       R15, AX            // &dst[j·ds+i]
	VMOVUPD    Y0, (AX)
	VMOVUPD    Y1, (AX)(R9*1)
	VMOVUPD    Y2, (AX)(R9*2)
	VMOVUPD    Y3, (AX)(R13*1)
	ADDQ       $4, DX
	JMP        cols

nextrows:
	ADDQ $4, BX
	JMP  rows

tdone:
	VZEROUPPER
	RET

// func addAVX(dst, src []float64) int
//
// dst[j] += src[j], sixteen then four at a time; it returns how many
// elements it did (len(src) rounded down to a multiple of four). dst must
// be at least as long as src.
TEXT ·addAVX(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	XORQ AX, AX
	MOVQ CX, DX
	ANDQ $-16, DX

add16:
	CMPQ    AX, DX
	JGE     add4init
	VMOVUPD (DI)(AX*8), Y0
	VMOVUPD 32(DI)(AX*8), Y1
	VMOVUPD 64(DI)(AX*8), Y2
	VMOVUPD 96(DI)(AX*8), Y3
	VADDPD  (SI)(AX*8), Y0, Y0
	VADDPD  32(SI)(AX*8), Y1, Y1
	VADDPD  64(SI)(AX*8), Y2, Y2
	VADDPD  96(SI)(AX*8), Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	VMOVUPD Y2, 64(DI)(AX*8)
	VMOVUPD Y3, 96(DI)(AX*8)
	ADDQ    $16, AX
	JMP     add16

add4init:
	ANDQ $-4, CX

add4:
	CMPQ    AX, CX
	JGE     adddone
	VMOVUPD (DI)(AX*8), Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     add4

adddone:
	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET
