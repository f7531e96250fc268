# Writes reference.safetensors with the reference `safetensors` package (0.8.0 was used):
#   python3 -m venv .venv && .venv/bin/pip install safetensors numpy && .venv/bin/python make_reference.py
import numpy as np, json, struct
from safetensors.numpy import save_file, load_file
t = {
 "b": np.array([True, False, True]),
 "u8": np.array([[1,2],[3,255]], dtype=np.uint8),
 "i8": np.array([-128, 0, 127], dtype=np.int8),
 "i16": np.array([-32768, 32767], dtype=np.int16),
 "u16": np.array([0, 65535], dtype=np.uint16),
 "f16": np.array([0.5, -2.0, 65504.0], dtype=np.float16),
 "i32": np.arange(6, dtype=np.int32).reshape(2,3) - 3,
 "u32": np.array([4294967295], dtype=np.uint32),
 "f32": np.array([[0.1, -1.5],[3.25, 1e-30]], dtype=np.float32),
 "Z": np.array([7.0], dtype=np.float32),
 "a.weight": np.array([1.0, 2.0], dtype=np.float32),
 "f64": np.array(3.141592653589793, dtype=np.float64),
 "i64": np.zeros((0,), dtype=np.int64),
 "u64": np.array([18446744073709551615, 1], dtype=np.uint64),
}
save_file(t, "reference.safetensors", metadata={"spatium.format": "1"})
b = open("reference.safetensors", "rb").read()
n = struct.unpack("<Q", b[:8])[0]
print(len(b), n, repr(b[8:8+n]))
