package sockets

import "time"

// A subscriber misses what is published between its connection and the
// arrival of its first subscription: ZeroMQ's "slow joiner". Clients guard
// against it by asking for kernel_info until an iopub message arrives
// (jupyter_server's nudge), but jupyter_server skips that for a kernel it
// believes busy, and this kernel answers so fast that the status idle of
// the server's own kernel_info_request often reaches the server after
// its websocket opens. The client's first request then got its reply but
// not the status idle that ends it, and JupyterLab waited for ever (one
// connection in twenty-five, seen in CI). So the guard holds what is
// published for a subscriber from the moment it connects until its first
// subscription arrives, and then sends what matches: nothing published
// after a client connected is lost to it.

const (
	// joinWindow is how long a connected peer's messages are held for its
	// first subscription; a peer that has not subscribed by then gets
	// nothing held (it may never subscribe).
	joinWindow = 2 * time.Second
	// maxJoining bounds the messages held for one joining peer; the oldest
	// go first.
	maxJoining = 1024
)

// join starts holding messages for c, a PUB peer that has just connected.
func (c *guardConn) join() {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	c.joining, c.joinedAt = true, time.Now()
}

// hold keeps msgs for c while it has not subscribed yet, and reports
// whether it did.
func (c *guardConn) hold(msgs [][][]byte) bool {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if !c.joining {
		return false
	}
	if time.Since(c.joinedAt) > joinWindow {
		c.joining, c.held = false, nil
		return false
	}
	c.held = append(c.held, msgs...)
	if over := len(c.held) - maxJoining; over > 0 {
		clear(c.held[:over])
		c.held = c.held[over:]
	}
	return true
}

// onSubscription applies a subscription message of c's and, on the first
// one, sends c what was held for it that it subscribed to, before
// anything published after.
func (c *guardConn) onSubscription(msg []byte) {
	c.subs.update(msg)
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if !c.joining {
		return
	}
	held := c.held
	c.joining, c.held = false, nil
	for _, frames := range held {
		if c.subscribed(frames[0]) {
			c.queue = append(c.queue, frames)
		}
	}
	if len(c.queue) > 0 && !c.writing {
		c.writing = true
		go c.drain()
	}
}
