package plugins

// PID is the plugin's process ID, for tests checking it is gone.
func (c *Client) PID() int { return c.cmd.Process.Pid }
