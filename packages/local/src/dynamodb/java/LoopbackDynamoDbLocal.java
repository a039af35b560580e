import java.lang.reflect.Field;
import java.net.InetAddress;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local with its Jetty connector bound to a loopback address only.
 *
 * DynamoDB Local has no host option: DynamoDBProxyServer builds `new Server(port)`, whose connector listens on
 * every interface, without authentication. We build the server exactly as its own main() does
 * (ServerRunner.createServerFromCommandLineArgs, same flags), set the host on its connector before start, and
 * refuse to start if that is not possible (a DynamoDB Local upgrade that renamed the field fails loudly, it never
 * silently falls back to 0.0.0.0). Telemetry is never configured here, so none is sent.
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("theta.dynamodb.host", "127.0.0.1");
    if (!InetAddress.getByName(host).isLoopbackAddress()) {
      fail("theta.dynamodb.host must be a loopback address, got " + host);
    }
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server jetty = jettyOf(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) fail("DynamoDB Local's Jetty server has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) fail("unexpected Jetty connector " + connector.getClass().getName());
      ((ServerConnector) connector).setHost(host);
    }
    proxy.start();
    System.out.println("theta-dynamodb-local-bound=" + host);
  }

  private static Server jettyOf(DynamoDBProxyServer proxy) throws Exception {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      return (Server) field.get(proxy);
    } catch (NoSuchFieldException | ClassCastException error) {
      fail("cannot reach DynamoDB Local's Jetty server to bind it to loopback: " + error);
      return null;
    }
  }

  private static void fail(String message) {
    System.err.println("theta: " + message);
    System.exit(2);
  }
}
