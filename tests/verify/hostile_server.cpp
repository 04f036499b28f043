// hostile_server: a test server that misbehaves on purpose, at the byte
// level, for end-to-end tests of `archgate verify` (plain POSIX sockets, so
// it can send what no HTTP library would).
//
//   hostile_server --port-file FILE [--log FILE] [--redirect-to URL] [--port N]
//
// Listens on 127.0.0.1 only (port 0 = any free one, written to FILE once
// listening), appends "METHOD TARGET" to --log for each request, serves one
// request per connection, and exits with 0 on SIGTERM or SIGINT:
//   /health        200 {"status":"ok"}
//   /redirect      302 to --redirect-to (default http://127.0.0.1:9/)
//   /hang          reads the request, never answers (until the client leaves)
//   /drip          headers with Content-Length 1000, then 1 byte per second
//   /huge          200 application/json, Content-Length 52428800, streamed
//   /invalid-utf8  200 application/json: invalid UTF-8, an ANSI escape and
//                  "\n::error::" inside a JSON string
//   /bad-chunk     chunked, with a garbage chunk size line
//   /reset         part of an answer, then an RST (SO_LINGER 0)
//   /gzip-bomb     Content-Encoding: gzip, ~0.5 MB that inflate to 512 MiB
//   /close-early   closes the connection right after reading the request
//   anything else  404
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

std::atomic<bool> stopping{false};
std::atomic<int> active{0};
std::mutex mutex;  // guards open_fds and the log
std::set<int> open_fds;
std::FILE* log_file = nullptr;
std::string redirect_to = "http://127.0.0.1:9/";
std::string gzip_bomb;

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Sleeps, waking early when the server stops; false when it does.
bool pause_for(std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (!stopping && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
  return !stopping;
}

// Reads until the client closes the connection or the server stops.
void wait_for_close(int fd) {
  char buffer[4096];
  while (!stopping) {
    pollfd entry{fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, 100);
    if (ready < 0 && errno != EINTR) return;
    if (ready > 0 && ::recv(fd, buffer, sizeof buffer, 0) <= 0) return;
  }
}

std::string answer(std::string_view status, std::string_view type, std::string_view body) {
  return "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: " + std::string(type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + std::string(body);
}

// The request head (and a body up to 1 MiB, so that closing does not reset);
// empty when the client sent no complete head within 10 s.
std::string read_request(int fd) {
  std::string data;
  char buffer[4096];
  std::size_t head_end = std::string::npos;
  std::size_t wanted = 0;
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!stopping && std::chrono::steady_clock::now() < give_up) {
    if (head_end != std::string::npos && data.size() >= wanted) break;
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
    if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos) {
      std::string lower = data.substr(0, head_end);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto at = lower.find("\r\ncontent-length:");
      const std::size_t length = at == std::string::npos ? 0 : std::strtoull(lower.c_str() + at + 17, nullptr, 10);
      wanted = head_end + 4 + std::min<std::size_t>(length, 1 << 20);
    }
    if (data.size() > (2 << 20)) break;
  }
  return head_end == std::string::npos ? std::string() : data.substr(0, head_end);
}

void log_request(std::string_view line) {
  std::string text;
  for (const char c : line) {  // one line per request, whatever the client sent
    const auto byte = static_cast<unsigned char>(c);
    text += (byte >= 0x20 && byte < 0x7F) ? c : '?';
  }
  std::lock_guard lock(mutex);
  if (log_file == nullptr) return;
  std::fprintf(log_file, "%s\n", text.c_str());
  std::fflush(log_file);
}

void serve(int fd) {
  const std::string head = read_request(fd);
  const std::string line = head.substr(0, head.find("\r\n"));
  const auto space = line.find(' ');
  const auto second = line.find(' ', space + 1);
  if (head.empty() || space == std::string::npos) return;
  const std::string method = line.substr(0, space);
  const std::string target = line.substr(space + 1, second == std::string::npos ? std::string::npos : second - space - 1);
  log_request(method + " " + target);
  const std::string path = target.substr(0, target.find('?'));

  if (path == "/health") {
    send_all(fd, answer("200 OK", "application/json", R"({"status":"ok"})"));
  } else if (path == "/redirect") {
    send_all(fd, "HTTP/1.1 302 Found\r\nLocation: " + redirect_to + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  } else if (path == "/hang") {
    wait_for_close(fd);
  } else if (path == "/drip") {
    if (!send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")) return;
    for (int i = 0; i < 1000 && send_all(fd, "x") && pause_for(1s); ++i) {
    }
  } else if (path == "/huge") {
    constexpr std::size_t kTotal = 52428800;
    if (!send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(kTotal) + "\r\n\r\n")) {
      return;
    }
    const std::string block(64 << 10, ' ');
    for (std::size_t sent = 0; sent < kTotal && !stopping && send_all(fd, block); sent += block.size()) {
    }
  } else if (path == "/invalid-utf8") {
    const std::string body = "{\"name\":\"bad \xff\xfe utf8 \xc3\x28 \\u001b[31mred\\u001b[0m \\n::error::injected\"}";
    send_all(fd, answer("200 OK", "application/json", body));
  } else if (path == "/bad-chunk") {
    send_all(fd,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
             "zz-not-hex\r\n{}\r\n0\r\n\r\n");
  } else if (path == "/reset") {
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"partial\":");
    pause_for(100ms);
    const linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);  // close() sends an RST
  } else if (path == "/gzip-bomb") {
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
                     std::to_string(gzip_bomb.size()) + "\r\nConnection: close\r\n\r\n" + gzip_bomb);
  } else if (path == "/close-early") {
    // nothing: the connection closes
  } else {
    send_all(fd, answer("404 Not Found", "application/json", R"({"error":"not found"})"));
  }
}

// 512 MiB of zeros as ~0.5 MB of gzip, built in a few ms: one raw deflate
// segment of 1 MiB of zeros, ended by a full flush (so it refers to nothing
// before it), repeated, then a final empty block and the gzip trailer.
std::string make_gzip_bomb() {
  constexpr int kSegments = 512;
  const std::vector<unsigned char> zeros(1 << 20, 0);
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string segment(deflateBound(&z, zeros.size()) + 64, '\0');
  z.next_in = const_cast<unsigned char*>(zeros.data());
  z.avail_in = static_cast<uInt>(zeros.size());
  z.next_out = reinterpret_cast<unsigned char*>(segment.data());
  z.avail_out = static_cast<uInt>(segment.size());
  deflate(&z, Z_FULL_FLUSH);
  segment.resize(segment.size() - z.avail_out);
  deflateEnd(&z);

  const uLong segment_crc = crc32(0, zeros.data(), static_cast<uInt>(zeros.size()));
  uLong crc = crc32(0, nullptr, 0);
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10);
  for (int i = 0; i < kSegments; ++i) {
    out += segment;
    crc = crc32_combine(crc, segment_crc, static_cast<z_off_t>(zeros.size()));
  }
  out += std::string("\x03\x00", 2);  // final fixed-Huffman block with no data
  const auto put32 = [&out](std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
  };
  put32(static_cast<std::uint32_t>(crc));
  put32(static_cast<std::uint32_t>((static_cast<std::uint64_t>(kSegments) << 20) & 0xFFFFFFFFu));
  return out;
}

int usage() {
  std::fprintf(stderr, "usage: hostile_server --port-file FILE [--log FILE] [--redirect-to URL] [--port N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string port_file;
  std::string log_path;
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return usage();
    if (arg == "--port-file") {
      port_file = argv[++i];
    } else if (arg == "--log") {
      log_path = argv[++i];
    } else if (arg == "--redirect-to") {
      redirect_to = argv[++i];
    } else if (arg == "--port") {
      port = std::atoi(argv[++i]);
    } else {
      return usage();
    }
  }
  if (port_file.empty()) return usage();
  if (redirect_to.find_first_of("\r\n") != std::string::npos) {
    std::fprintf(stderr, "hostile_server: --redirect-to must be one line\n");
    return 2;
  }
  if (!log_path.empty() && (log_file = std::fopen(log_path.c_str(), "a")) == nullptr) {
    std::perror(log_path.c_str());
    return 1;
  }
  gzip_bomb = make_gzip_bomb();

  // Signals go to one thread that waits for them; SIGPIPE is not raised.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  socklen_t length = sizeof address;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener, 64) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("hostile_server: listen on 127.0.0.1");
    return 1;
  }
  {
    const std::string temporary = port_file + ".tmp";  // readers never see a half-written file
    std::ofstream(temporary) << ntohs(address.sin_port) << "\n";
    if (std::rename(temporary.c_str(), port_file.c_str()) != 0) {
      std::perror(port_file.c_str());
      return 1;
    }
  }

  std::thread([signals, listener] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    stopping = true;
    ::shutdown(listener, SHUT_RDWR);  // ends accept()
  }).detach();

  while (!stopping) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;
    }
    {
      std::lock_guard lock(mutex);
      open_fds.insert(fd);
    }
    ++active;
    std::thread([fd] {
      serve(fd);
      {
        std::lock_guard lock(mutex);
        open_fds.erase(fd);
      }
      ::close(fd);
      --active;
    }).detach();
  }

  stopping = true;
  {
    std::lock_guard lock(mutex);
    for (const int fd : open_fds) ::shutdown(fd, SHUT_RDWR);
  }
  const auto give_up = std::chrono::steady_clock::now() + 2s;
  while (active > 0 && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(10ms);
  ::close(listener);
  std::lock_guard lock(mutex);
  if (log_file != nullptr) std::fclose(log_file);
  log_file = nullptr;
  return 0;
}
