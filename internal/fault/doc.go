// Package fault is truce's one error vocabulary. Domain packages and the
// store return (or wrap) these errors; the API maps them to RFC 9457
// problems in one place and never needs to know the domain.
//
// The split follows three parts of every refusal:
//
//   - the kind (a sentinel such as ErrNotFound), which fixes the status;
//   - the safe client message (RefusalError.Msg, InvalidError's field and
//     reason), written for the client and never carrying an internal cause;
//   - the cause (everything else wrapped around or under the error), which
//     is logged and never reaches a client.
//
// Hidden records MUST be reported with ErrNotFound, never ErrForbidden, so
// that their existence does not leak.
package fault
