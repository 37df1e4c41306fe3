package pmtiles

// TileID is the Hilbert-curve id of tile (z, x, y): the tiles of all
// lower zooms come first, then zoom z's along its Hilbert curve. It
// requires z <= 31 and x, y < 2^z (the caller checks).
func TileID(z uint8, x, y uint32) uint64 {
	var acc uint64
	for i := uint8(0); i < z; i++ {
		acc += uint64(1) << (2 * i)
	}
	n := uint64(1) << z
	tx, ty := uint64(x), uint64(y)
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if tx&s > 0 {
			rx = 1
		}
		if ty&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		// rotate
		if ry == 0 {
			if rx == 1 {
				tx, ty = s-1-tx, s-1-ty
			}
			tx, ty = ty, tx
		}
	}
	return acc + d
}
