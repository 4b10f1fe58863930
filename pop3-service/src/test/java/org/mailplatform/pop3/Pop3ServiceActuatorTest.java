package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import org.mailplatform.pop3.support.Pop3Connection;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.web.server.LocalServerPort;

class Pop3ServiceActuatorTest extends Pop3ServiceTestBase implements ActuatorContract {

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return Pop3ServiceApplication.NAME;
    }

    /** One session that logs in and retrieves a message. */
    @Override
    public void exerciseForMetrics() throws Exception {
        Users.TestUser user = users().create("Subject: metrics\r\n\r\nx\r\n");
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("+OK");
            assertThat(c.command("RETR 1")).startsWith("+OK");
            c.multiLineBytes();
        }
    }
}
