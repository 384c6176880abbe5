package io.exp.server.socketio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.utils.ParseQS;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Serves the library's long-polling {@code GET}s so that no thread ever waits on a
 * client's socket to answer one. The library answers a poll that waits from the thread
 * that sends to its client (a thread that publishes a broadcast, mostly), writing the
 * response there with a blocking write and holding its session's lock meanwhile: a client
 * that does not read would hold that thread, and every other sender to it, until the
 * container's write timeout. So the library is given the request and response in
 * wrappers: its writes go to a buffer, and completing its asynchronous request hands the
 * buffer to the poll's {@link PollAnswer}, which the container writes without blocking.
 * <p>
 * A poll that waits is a request in progress, which a graceful shutdown would wait for:
 * when the node stops, before that shutdown, waiting polls are answered with Engine.IO's
 * close (their clients reconnect, to another node if there is one) and new ones with 503.
 */
final class NonBlockingPolls implements SmartLifecycle {

	private final EngineIoServer engineIo;

	private final PollAnswers unsent;

	private volatile boolean running;

	NonBlockingPolls(EngineIoServer engineIo, PollAnswers unsent) {
		this.engineIo = engineIo;
		this.unsent = unsent;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.unsent.closeAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Serves a polling {@code GET} on the container's thread for the request: starts it
	 * asynchronously, registers its non-blocking answer, and hands it to the library.
	 */
	void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!this.running) {
			response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			return;
		}
		AsyncContext async = request.startAsync();
		String query = request.getQueryString();
		String sid;
		try {
			sid = ParseQS.decode((query != null) ? query : "").get("sid");
		}
		catch (RuntimeException ex) {
			sid = null;
		}
		PollAnswer answer = new PollAnswer(async, response, this.unsent, sid);
		answer.register();
		if (!this.running) {
			// the node stopped as the poll came in, maybe before it closed the polls
			// registered: a poll left waiting would hold the graceful shutdown
			answer.close();
			return;
		}
		LibraryResponse libraryResponse = new LibraryResponse(response);
		LibraryRequest libraryRequest = new LibraryRequest(request, async, answer, libraryResponse);
		try {
			this.engineIo.handleRequest(libraryRequest, libraryResponse);
		}
		catch (RuntimeException ex) {
			// the library's parser throws on malformed queries (a duplicated parameter,
			// for example)
			answer.send(HttpServletResponse.SC_BAD_REQUEST, null, new byte[0]);
			return;
		}
		if (!libraryRequest.isAsyncStarted()) {
			// answered at once (an error), or not at all
			libraryResponse.sendTo(answer);
		}
	}

	/**
	 * The request as the library sees it: its asynchronous context is a
	 * {@link LibraryAsyncContext}, started already.
	 */
	private static final class LibraryRequest extends HttpServletRequestWrapper {

		private final LibraryAsyncContext async;

		private volatile boolean started;

		LibraryRequest(HttpServletRequest request, AsyncContext async, PollAnswer answer, LibraryResponse response) {
			super(request);
			this.async = new LibraryAsyncContext(this, async, answer, response);
		}

		@Override
		public AsyncContext startAsync() {
			this.started = true;
			return this.async;
		}

		@Override
		public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
			throw new UnsupportedOperationException("Only startAsync()");
		}

		@Override
		public boolean isAsyncStarted() {
			return this.started;
		}

		@Override
		public AsyncContext getAsyncContext() {
			if (!this.started) {
				throw new IllegalStateException("Not started");
			}
			return this.async;
		}

	}

	/**
	 * The library's asynchronous context: completing it sends what the library wrote; its
	 * listener hears the poll's timeout and errors while the poll waits.
	 */
	private static final class LibraryAsyncContext implements AsyncContext {

		private final LibraryRequest request;

		private final AsyncContext async;

		private final PollAnswer answer;

		private final LibraryResponse response;

		LibraryAsyncContext(LibraryRequest request, AsyncContext async, PollAnswer answer, LibraryResponse response) {
			this.request = request;
			this.async = async;
			this.answer = answer;
			this.response = response;
		}

		@Override
		public ServletRequest getRequest() {
			return this.request;
		}

		@Override
		public ServletResponse getResponse() {
			return this.response;
		}

		@Override
		public boolean hasOriginalRequestAndResponse() {
			return false;
		}

		@Override
		public void dispatch() {
			throw new UnsupportedOperationException("A poll is answered, never dispatched");
		}

		@Override
		public void dispatch(String path) {
			dispatch();
		}

		@Override
		public void dispatch(ServletContext context, String path) {
			dispatch();
		}

		@Override
		public void complete() {
			this.response.sendTo(this.answer);
		}

		@Override
		public void start(Runnable run) {
			this.async.start(run);
		}

		@Override
		public void addListener(AsyncListener listener) {
			this.answer.libraryListener(listener);
		}

		@Override
		public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
			addListener(listener);
		}

		@Override
		public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
			return this.async.createListener(type);
		}

		@Override
		public void setTimeout(long timeout) {
			this.async.setTimeout(timeout);
		}

		@Override
		public long getTimeout() {
			return this.async.getTimeout();
		}

	}

	/**
	 * The response as the library sees it: headers go to the response (the library sets
	 * them on the request's thread), the status, content type and body to a buffer that
	 * {@link #sendTo} hands over.
	 */
	private static final class LibraryResponse extends HttpServletResponseWrapper {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final ServletOutputStream out = new BufferStream(this.body);

		private @Nullable PrintWriter writer;

		private int status = HttpServletResponse.SC_OK;

		private @Nullable String contentType;

		private @Nullable String characterEncoding;

		LibraryResponse(HttpServletResponse response) {
			super(response);
		}

		synchronized void sendTo(PollAnswer answer) {
			if (this.writer != null) {
				this.writer.flush();
			}
			String type = this.contentType;
			if (type != null && this.characterEncoding != null && !type.contains("charset")) {
				type = type + ";charset=" + this.characterEncoding;
			}
			answer.send(this.status, type, this.body.toByteArray());
		}

		@Override
		public void setStatus(int status) {
			this.status = status;
		}

		@Override
		public int getStatus() {
			return this.status;
		}

		@Override
		public void setContentType(@Nullable String type) {
			this.contentType = type;
		}

		@Override
		public @Nullable String getContentType() {
			return this.contentType;
		}

		@Override
		public void setCharacterEncoding(@Nullable String charset) {
			this.characterEncoding = charset;
		}

		@Override
		public String getCharacterEncoding() {
			return (this.characterEncoding != null) ? this.characterEncoding : StandardCharsets.UTF_8.name();
		}

		@Override
		public void setContentLength(int length) {
			// the length of the buffer, once handed over
		}

		@Override
		public void setContentLengthLong(long length) {
			// the length of the buffer, once handed over
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.out;
		}

		@Override
		public synchronized PrintWriter getWriter() {
			if (this.writer == null) {
				this.writer = new PrintWriter(new OutputStreamWriter(this.body, StandardCharsets.UTF_8));
			}
			return this.writer;
		}

		@Override
		public boolean isCommitted() {
			return false;
		}

		@Override
		public void flushBuffer() {
		}

		@Override
		public void resetBuffer() {
			this.body.reset();
		}

	}

	private static final class BufferStream extends ServletOutputStream {

		private final ByteArrayOutputStream buffer;

		BufferStream(ByteArrayOutputStream buffer) {
			this.buffer = buffer;
		}

		@Override
		public void write(int b) {
			this.buffer.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.buffer.write(bytes, offset, length);
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("A buffer");
		}

	}

}
