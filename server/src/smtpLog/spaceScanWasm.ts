// The compiled bytes of spaceScan.wat (wabt, SIMD enabled), base64: tests and the bundle run from sources, and
// tsx cannot import a .wasm file. test/unit/spaceScan.test.ts recompiles the .wat and checks these bytes equal it.
export const SPACE_SCAN_WASM =
  'AGFzbQEAAAABCgFgBX9/f39/AX8CDwEDZW52Bm1lbW9yeQIAAQMCAQAGBgF/AUEACwcSAgdjb250cm9sAwAEc2NhbgAACq8CAawCAgF7BX8gAyEKAkADQCAAIAFPDQFB//8DQQEgASAAa3RBAWsgASAAa0EQTxshBiAA/QAAACEFIAggBiAF/QwgICAgICAgICAgICAgICAg/SYgBf0MCQkJCQkJCQkJCQkJCQkJCf0jIAX9DAoKCgoKCgoKCgoKCgoKCgr9I/1QIAX9DA0NDQ0NDQ0NDQ0NDQ0NDQ39I/1Q/U8gBf0Mf39/f39/f39/f39/f39/f/0j/VD9ZHFyIQggBiAF/QwgICAgICAgICAgICAgICAg/SP9ZHEhByAHBEAgCkHAAGogBEsEQEF/DwsgACACayEJA0AgCiAJIAdoajYCACAKQQRqIQogByAHQQFrcSEHIAcNAAsLIABBEGohAAwACwsgCEEARyQAIAogA2tBAnYL';
