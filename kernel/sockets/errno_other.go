//go:build !unix

package sockets

import "errors"

// errTooManyFiles matches no accept error off Unix.
var errTooManyFiles = errors.New("sockets: too many open files")
