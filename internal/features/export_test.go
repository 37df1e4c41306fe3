package features

// SetPageSize sets how many records a collection asks its service for at a
// time, for tests that walk several pages over few records; it returns
// the function that restores the default.
func SetPageSize(n int) (restore func()) {
	old := pageSize
	pageSize = n
	return func() { pageSize = old }
}
