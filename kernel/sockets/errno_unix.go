//go:build unix

package sockets

import "syscall"

// errTooManyFiles is the accept error that passes once descriptors free up.
var errTooManyFiles error = syscall.EMFILE
