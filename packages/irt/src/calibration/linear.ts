// Small dense linear algebra for the M-step (p ≤ ~10) and the standard errors (all estimated parameters).

/** Solves A x = b in place of a copy (Gaussian elimination, partial pivoting); null when A is singular. */
export function solve(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r * n + col] as number) > Math.abs(M[piv * n + col] as number)) piv = r;
    const pv = M[piv * n + col] as number;
    if (!(Math.abs(pv) > 1e-300)) return null;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = M[col * n + c] as number;
        M[col * n + c] = M[piv * n + c] as number;
        M[piv * n + c] = t;
      }
      const t = x[col] as number;
      x[col] = x[piv] as number;
      x[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const f = (M[r * n + col] as number) / pv;
      if (f === 0) continue;
      for (let c = col; c < n; c++) M[r * n + c] = (M[r * n + c] as number) - f * (M[col * n + c] as number);
      x[r] = (x[r] as number) - f * (x[col] as number);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r] as number;
    for (let c = r + 1; c < n; c++) s -= (M[r * n + c] as number) * (x[c] as number);
    x[r] = s / (M[r * n + r] as number);
  }
  return x;
}

/** Diagonal of A⁻¹ for a symmetric positive-definite A (Cholesky); null when A is not positive definite. */
export function inverseDiagonal(A: Float64Array, n: number): Float64Array | null {
  const L = Float64Array.from(A);
  for (let j = 0; j < n; j++) {
    let d = L[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (L[j * n + k] as number) ** 2;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = L[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number);
      L[i * n + j] = s / ljj;
    }
  }
  // diag(A⁻¹)_i = Σ_k (L⁻¹)_{k,i}²: solve L y = e_i column by column
  const out = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y.fill(0);
    y[i] = 1 / (L[i * n + i] as number);
    let sum = (y[i] as number) ** 2;
    for (let r = i + 1; r < n; r++) {
      let s = 0;
      for (let k = i; k < r; k++) s -= (L[r * n + k] as number) * (y[k] as number);
      y[r] = s / (L[r * n + r] as number);
      sum += (y[r] as number) ** 2;
    }
    out[i] = sum;
  }
  return out;
}
