;; The spaces and line breaks of a chunk of an IIS W3C log, found 16 bytes per step, for the byte reader
;; (fastReader.ts). Once per chunk, scan writes the offset of every space (0x20) of a byte range into a list the
;; line reader then takes token boundaries from, and says whether the range holds a control byte (C0 but tab, LF
;; and CR; DEL: the set exchangeLog/controlChars.ts defines), so a clean chunk needs no per-byte control test. In
;; the same pass (or, for a reader that lists no spaces, in lines' pass) it writes the offset of every LF into a
;; second list the line splitter walks instead of searching for CR and LF once per line, and says whether the
;; range holds a CR not followed by LF (the LF list then does not say where every line ends).
;; Compiled by wabt into spaceScanWasm.ts (test/unit/spaceScan.test.ts checks the bytes are this source's).
(module
  ;; The reader's memory: its chunk buffers and their lists (fixed size, never grown).
  (import "env" "memory" (memory 1))

  ;; After a scan: 1 when its range holds a control byte, else 0.
  (global $control (export "control") (mut i32) (i32.const 0))

  ;; After a scan or lines: 1 when the range holds a CR whose next byte is not an LF in the range, else 0 (a CR
  ;; as the range's last byte may go unseen: the caller tests that byte).
  (global $loneCr (export "loneCr") (mut i32) (i32.const 0))
  ;; After a scan or lines: the address after the LF list's last entry, or -1 when it overflowed.
  (global $lfEnd (export "lfEnd") (mut i32) (i32.const 0))

  ;; scan(begin, end, base, out, last, lfOut, lfLast): the offsets (address - base) of the spaces in memory
  ;; [begin, end), in increasing order, written as i32 from address `out`; returns how many. -1 (the lists are
  ;; then unusable) when a step might write past address `last`. The LFs likewise from `lfOut`, up to `lfLast`
  ;; (see $lfEnd). A step reads 16 bytes from its start: the caller leaves 15 readable bytes after `end`; bits of
  ;; bytes at or past `end` are masked off. Hand-inlined: a call per step cost more than the work it does.
  (func (export "scan") (param $i i32) (param $end i32) (param $base i32) (param $out i32) (param $last i32) (param $lfOut i32) (param $lfLast i32) (result i32)
    (local $v v128)
    (local $valid i32)
    (local $spaces i32)
    (local $specials i32)
    (local $crs i32)
    (local $lfs i32)
    (local $controls i32)
    (local $lone i32)
    (local $pending i32)
    (local $at i32)
    (local $p i32)
    (local $q i32)
    (local.set $p (local.get $out))
    (local.set $q (local.get $lfOut))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        ;; Mask bits of the bytes inside the range: all 16, or the tail's (end - i < 16).
        (local.set $valid
          (select
            (i32.const 0xffff)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $i))) (i32.const 1))
            (i32.ge_u (i32.sub (local.get $end) (local.get $i)) (i32.const 16))))
        (local.set $v (v128.load align=1 (local.get $i)))
        (local.set $at (i32.sub (local.get $i) (local.get $base)))
        ;; Bytes below 0x20 or DEL: in one step of several (a line break), rarely more.
        (local.set $specials
          (i32.and (local.get $valid)
            (i8x16.bitmask
              (v128.or
                (i8x16.lt_u (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))
                (i8x16.eq (local.get $v) (v128.const i8x16 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127))))))
        (if (local.get $specials)
          (then
            (local.set $crs
              (i32.and (local.get $valid)
                (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))))
            (local.set $lfs
              (i32.and (local.get $valid)
                (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10)))))
            ;; Control bytes: those but tab, CR and LF.
            (local.set $controls
              (i32.or (local.get $controls)
                (i32.and (local.get $specials)
                  (i32.xor (i32.const -1)
                    (i32.or (i32.or (local.get $crs) (local.get $lfs))
                      (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9))))))))
            ;; Lone CRs: a CR whose next lane is not LF; the next lane of lane 15 is the next step's lane 0.
            (local.set $lone
              (i32.or (local.get $lone)
                (i32.or
                  (i32.and (local.get $pending) (i32.xor (local.get $lfs) (i32.const 1)))
                  (i32.and (i32.and (local.get $crs) (i32.const 0x7fff)) (i32.xor (i32.shr_u (local.get $lfs) (i32.const 1)) (i32.const -1))))))
            (local.set $pending (i32.shr_u (local.get $crs) (i32.const 15)))
            (if (i32.and (i32.ne (local.get $lfs) (i32.const 0)) (i32.ge_s (local.get $q) (i32.const 0)))
              (then
                ;; Room for 16 more entries, or the LF list overflows (a hostile chunk of line breaks): -1.
                (if (i32.gt_u (i32.add (local.get $q) (i32.const 64)) (local.get $lfLast))
                  (then (local.set $q (i32.const -1)))
                  (else
                    (loop $eachLf
                      (i32.store (local.get $q) (i32.add (local.get $at) (i32.ctz (local.get $lfs))))
                      (local.set $q (i32.add (local.get $q) (i32.const 4)))
                      (local.set $lfs (i32.and (local.get $lfs) (i32.sub (local.get $lfs) (i32.const 1))))
                      (br_if $eachLf (local.get $lfs))))))))
          ;; No CR, LF or control byte: a CR the step before ended with is lone.
          (else
            (local.set $lone (i32.or (local.get $lone) (local.get $pending)))
            (local.set $pending (i32.const 0))))
        (local.set $spaces
          (i32.and (local.get $valid)
            (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))))
        (if (local.get $spaces)
          (then
            ;; Room for 16 more entries, or the list overflows (a hostile chunk of spaces).
            (if (i32.gt_u (i32.add (local.get $p) (i32.const 64)) (local.get $last))
              (then (return (i32.const -1))))
            ;; One entry per set bit, lowest first: i32.ctz, then clear that bit.
            (loop $each
              (i32.store (local.get $p) (i32.add (local.get $at) (i32.ctz (local.get $spaces))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $spaces (i32.and (local.get $spaces) (i32.sub (local.get $spaces) (i32.const 1))))
              (br_if $each (local.get $spaces)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $step)))
    (global.set $control (i32.ne (local.get $controls) (i32.const 0)))
    (global.set $loneCr (i32.ne (local.get $lone) (i32.const 0)))
    (global.set $lfEnd (local.get $q))
    (i32.shr_u (i32.sub (local.get $p) (local.get $out)) (i32.const 2)))

  ;; lines(begin, end, base, lfOut, lfLast): scan's LF list alone (and $loneCr), for a reader that lists no
  ;; spaces; the same steps as scan's, but for spaces and control bytes.
  (func (export "lines") (param $i i32) (param $end i32) (param $base i32) (param $lfOut i32) (param $lfLast i32)
    (local $v v128)
    (local $valid i32)
    (local $crs i32)
    (local $lfs i32)
    (local $lone i32)
    (local $pending i32)
    (local $at i32)
    (local $q i32)
    (local.set $q (local.get $lfOut))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $valid
          (select
            (i32.const 0xffff)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $i))) (i32.const 1))
            (i32.ge_u (i32.sub (local.get $end) (local.get $i)) (i32.const 16))))
        (local.set $v (v128.load align=1 (local.get $i)))
        (local.set $crs
          (i32.and (local.get $valid)
            (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))))
        (local.set $lfs
          (i32.and (local.get $valid)
            (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10)))))
        (local.set $lone
          (i32.or (local.get $lone)
            (i32.or
              (i32.and (local.get $pending) (i32.xor (local.get $lfs) (i32.const 1)))
              (i32.and (i32.and (local.get $crs) (i32.const 0x7fff)) (i32.xor (i32.shr_u (local.get $lfs) (i32.const 1)) (i32.const -1))))))
        (local.set $pending (i32.shr_u (local.get $crs) (i32.const 15)))
        (if (i32.and (i32.ne (local.get $lfs) (i32.const 0)) (i32.ge_s (local.get $q) (i32.const 0)))
          (then
            (if (i32.gt_u (i32.add (local.get $q) (i32.const 64)) (local.get $lfLast))
              (then (local.set $q (i32.const -1)))
              (else
                (local.set $at (i32.sub (local.get $i) (local.get $base)))
                (loop $eachLf
                  (i32.store (local.get $q) (i32.add (local.get $at) (i32.ctz (local.get $lfs))))
                  (local.set $q (i32.add (local.get $q) (i32.const 4)))
                  (local.set $lfs (i32.and (local.get $lfs) (i32.sub (local.get $lfs) (i32.const 1))))
                  (br_if $eachLf (local.get $lfs)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $step)))
    (global.set $loneCr (i32.ne (local.get $lone) (i32.const 0)))
    (global.set $lfEnd (local.get $q))))
