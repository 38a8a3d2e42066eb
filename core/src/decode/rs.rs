//! Reed–Solomon error correction of QR codeword blocks, and the block layout.
//!
//! Needed because rqrr corrects errors only inside its own `decode`, which gives up on
//! structured-append and GS1 (FNC1) headers and drops ECI designators; reading those
//! codes means correcting the blocks ourselves. The block layout (how many blocks of
//! which size per version and level) is taken from the `qrcode` crate's encoder
//! through its public API rather than copying ISO/IEC 18004's table.

use qrcode::bits::Bits;
use qrcode::ec::construct_codewords;
use qrcode::{EcLevel, Version};

const fn tables() -> ([u8; 512], [u8; 256]) {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        log[x as usize] = i as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11d;
        }
        i += 1;
    }
    while i < 512 {
        exp[i] = exp[i - 255];
        i += 1;
    }
    (exp, log)
}

const EXP: [u8; 512] = tables().0;
const LOG: [u8; 256] = tables().1;

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        EXP[LOG[a as usize] as usize + LOG[b as usize] as usize]
    }
}

fn inv(a: u8) -> u8 {
    EXP[255 - LOG[a as usize] as usize]
}

/// α^e for any exponent.
fn pow_a(e: usize) -> u8 {
    EXP[e % 255]
}

/// Value of a polynomial given highest coefficient first.
fn eval_high_first(p: &[u8], x: u8) -> u8 {
    p.iter().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Value of a polynomial given lowest coefficient first.
fn eval_low_first(p: &[u8], x: u8) -> u8 {
    p.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Corrects `block` (data then `nsym` check bytes) in place; false if it cannot.
pub fn correct(block: &mut [u8], nsym: usize) -> bool {
    let n = block.len();
    if nsym == 0 || n > 255 || nsym >= n {
        return false;
    }
    let synd: Vec<u8> = (0..nsym)
        .map(|j| eval_high_first(block, pow_a(j)))
        .collect();
    if synd.iter().all(|&s| s == 0) {
        return true;
    }
    // Berlekamp–Massey: error locator Λ, lowest coefficient first.
    let (mut lam, mut prev) = (vec![1u8], vec![1u8]);
    let (mut l, mut m, mut last_d) = (0usize, 1usize, 1u8);
    for k in 0..nsym {
        let mut d = synd[k];
        for i in 1..=l.min(lam.len() - 1) {
            d ^= mul(lam[i], synd[k - i]);
        }
        if d == 0 {
            m += 1;
            continue;
        }
        let coef = mul(d, inv(last_d));
        let before = lam.clone();
        if lam.len() < prev.len() + m {
            lam.resize(prev.len() + m, 0);
        }
        for (i, &p) in prev.iter().enumerate() {
            lam[i + m] ^= mul(coef, p);
        }
        if 2 * l <= k {
            l = k + 1 - l;
            prev = before;
            last_d = d;
            m = 1;
        } else {
            m += 1;
        }
    }
    if 2 * l > nsym {
        return false;
    }
    // Ω = S·Λ mod x^nsym, and Λ' (odd terms of Λ, shifted down).
    let mut omega = vec![0u8; nsym];
    for (i, &s) in synd.iter().enumerate() {
        for (j, &c) in lam.iter().enumerate() {
            if i + j < nsym {
                omega[i + j] ^= mul(s, c);
            }
        }
    }
    let deriv: Vec<u8> = lam
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, &c)| if i % 2 == 1 { c } else { 0 })
        .collect();
    // Chien search over byte positions; Forney for each error's value.
    let mut found = 0;
    for (i, byte) in block.iter_mut().enumerate() {
        let p = n - 1 - i;
        let x_inv = pow_a(255 - p % 255);
        if eval_low_first(&lam, x_inv) != 0 {
            continue;
        }
        let denom = eval_low_first(&deriv, x_inv);
        if denom == 0 {
            return false;
        }
        let e = mul(pow_a(p), mul(eval_low_first(&omega, x_inv), inv(denom)));
        *byte ^= e;
        found += 1;
    }
    found == l && (0..nsym).all(|j| eval_high_first(block, pow_a(j)) == 0)
}

/// Data codewords of a symbol, errors corrected, from all its codewords in reading
/// order. `level` is the 2-bit format field (1 = L, 0 = M, 3 = Q, 2 = H).
pub fn data_codewords(raw: &[u8], version: usize, level: u16) -> Option<Vec<u8>> {
    let ec_level = match level {
        1 => EcLevel::L,
        0 => EcLevel::M,
        3 => EcLevel::Q,
        _ => EcLevel::H,
    };
    let v = Version::Normal(
        i16::try_from(version)
            .ok()
            .filter(|v| (1..=40).contains(v))?,
    );
    let total = Bits::new(v).max_len(ec_level).ok()? / 8;
    // Encode a marker message to learn the interleaving: data codeword k of the symbol
    // is byte `order[k]` of the message; blocks start where the first row restarts.
    let lo: Vec<u8> = (0..total).map(|i| i as u8).collect();
    let hi: Vec<u8> = (0..total).map(|i| (i >> 8) as u8).collect();
    let (dlo, ec) = construct_codewords(&lo, v, ec_level).ok()?;
    let (dhi, _) = construct_codewords(&hi, v, ec_level).ok()?;
    let order: Vec<usize> = dlo
        .iter()
        .zip(&dhi)
        .map(|(&l, &h)| usize::from(l) | usize::from(h) << 8)
        .collect();
    let blocks = order.iter().position(|&o| o == 1)?;
    let nsym = ec.len() / blocks;
    if raw.len() < total + ec.len() {
        return None;
    }
    let mut starts: Vec<usize> = order[..blocks].to_vec();
    starts.push(total);
    let mut data = vec![0u8; total];
    for (k, &o) in order.iter().enumerate() {
        data[o] = raw[k];
    }
    for b in 0..blocks {
        let (s, e) = (starts[b], starts[b + 1]);
        let mut block: Vec<u8> = data[s..e].to_vec();
        block.extend((0..nsym).map(|j| raw[total + j * blocks + b]));
        if !correct(&mut block, nsym) {
            return None;
        }
        data[s..e].copy_from_slice(&block[..e - s]);
    }
    Some(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::ec::create_error_correction_code;

    #[test]
    fn corrects_up_to_half_the_check_bytes() {
        let data: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        let ec = create_error_correction_code(&data, 18);
        let clean: Vec<u8> = data.iter().chain(&ec).copied().collect();
        for errors in 0..=9 {
            let mut block = clean.clone();
            for e in 0..errors {
                let at = (e * 7 + 3) % block.len();
                block[at] ^= 0x30 + e as u8;
            }
            assert!(correct(&mut block, 18), "{errors} errors");
            assert_eq!(block, clean);
        }
        let mut block = clean.clone();
        for e in 0..12 {
            block[e * 4] ^= 0xff;
        }
        // Beyond the capacity: refused or, if it "corrects", never silently to clean.
        assert!(!correct(&mut block, 18) || block != clean);
    }

    #[test]
    fn reads_blocks_of_two_sizes() {
        // Version 11-Q: four blocks of 22 data codewords and four of 23.
        let v = Version::Normal(11);
        let total = Bits::new(v).max_len(EcLevel::Q).unwrap() / 8;
        let msg: Vec<u8> = (0..total).map(|i| (i * 7 + 1) as u8).collect();
        let (data, ec) = construct_codewords(&msg, v, EcLevel::Q).unwrap();
        let mut raw: Vec<u8> = data.iter().chain(&ec).copied().collect();
        assert_eq!(data_codewords(&raw, 11, 3).as_deref(), Some(&msg[..]));
        for k in 0..20 {
            raw[k * 17] ^= 0x41;
        }
        assert_eq!(data_codewords(&raw, 11, 3).as_deref(), Some(&msg[..]));
    }
}
