// src/io/file_write.cpp — write_output_file (include/kobling/output_file.hpp):
// refuse targets that are inputs or not regular files, then write a private
// temporary file and rename it over the target.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/output_file.hpp"

namespace kobling {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempSuffix = ".kobling-tmp";
constexpr int kMaxSymlinks = 40;

std::string system_reason(int err) { return std::strerror(err); }

[[noreturn]] void fail_write(const fs::path& place, const std::string& what, int err) {
  throw FileError("kobling.io.write", place.string(), what + " (" + system_reason(err) + ")");
}

// The temporary files being written now, for a signal handler to remove.
// Fixed storage and atomics only: the handler may run at any instruction.
class PendingFiles {
 public:
  static PendingFiles& instance() noexcept {
    static PendingFiles files;
    return files;
  }
  /// A slot holding `path`, or -1 when all are taken (the file is then not
  /// removed on a signal, which is the only consequence).
  int add(const std::string& path) noexcept {
    if (path.size() + 1 > kPathBytes) {
      return -1;
    }
    for (std::size_t s = 0; s < kSlots; ++s) {
      int expected = kFree;
      if (slots_[s].state.compare_exchange_strong(expected, kFilling)) {
        std::memcpy(slots_[s].path.data(), path.c_str(), path.size() + 1);
        slots_[s].state.store(kActive);
        return static_cast<int>(s);
      }
    }
    return -1;
  }
  void remove(int slot) noexcept {
    if (slot >= 0) {
      slots_[static_cast<std::size_t>(slot)].state.store(kFree);
    }
  }
  void unlink_all() noexcept {
    for (Slot& s : slots_) {
      if (s.state.load() == kActive) {
        ::unlink(s.path.data());
      }
    }
  }

 private:
  static constexpr std::size_t kSlots = 16;
  static constexpr std::size_t kPathBytes = 4096;
  static constexpr int kFree = 0;
  static constexpr int kFilling = 1;
  static constexpr int kActive = 2;
  struct Slot {
    std::atomic<int> state{kFree};
    std::array<char, kPathBytes> path{};
  };
  static_assert(std::atomic<int>::is_always_lock_free);
  std::array<Slot, kSlots> slots_;
};

// What identifies a file, existing or not: its device and inode when it
// exists, else its directory's device and inode and its name.
struct Identity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string name;
};

Identity identity_of(const fs::path& p) {
  Identity id;
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    return id;
  }
  const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (::stat(parent.c_str(), &st) == 0) {
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.name = p.filename().string();
  }
  return id;
}

bool same_file(const Identity& a, const Identity& b) {
  return a.exists == b.exists && a.dev == b.dev && a.ino == b.ino && a.name == b.name &&
         (a.exists || !a.name.empty());
}

// Follows symbolic links from `p` to the path that is finally written (which
// may not exist yet). As the kernel's fs.protected_symlinks rule does for
// opens, a link in a sticky, world-writable directory (/tmp) is followed only
// when it belongs to this user or to the directory's owner: another user's
// link planted there must not redirect the write (and rename() does not see
// that rule).
fs::path resolve_links(const fs::path& p) {
  fs::path cur = p;
  for (int hop = 0; hop < kMaxSymlinks; ++hop) {
    struct stat st {};
    if (::lstat(cur.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      return cur;
    }
    const fs::path dir = cur.has_parent_path() ? cur.parent_path() : fs::path(".");
    struct stat ds {};
    if (::stat(dir.c_str(), &ds) == 0 && (ds.st_mode & S_ISVTX) != 0 &&
        (ds.st_mode & S_IWOTH) != 0 && st.st_uid != ::geteuid() && st.st_uid != ds.st_uid) {
      throw InvalidArgument("kobling.io.unsafe_link", p.string(),
                            "is a symbolic link another user made in the shared directory " +
                                dir.string() +
                                "; it is not followed (write to its target instead)");
    }
    std::error_code ec;
    const fs::path link = fs::read_symlink(cur, ec);
    if (ec) {
      fail_write(p, "cannot read the symbolic link " + cur.string(), ec.value());
    }
    cur = link.is_absolute() ? link : dir / link;
  }
  fail_write(p, "cannot follow the symbolic link", ELOOP);
}

void refuse_inputs(const fs::path& target, const fs::path& real, const OutputOptions& o) {
  const Identity out = identity_of(real);
  for (const fs::path& input : o.inputs) {
    std::vector<fs::path> files{input};
    struct stat st {};
    if (::stat(input.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      // A CSV kick-off or intake folder: every file kobling reads from it.
      files = {input / "features.csv", input / "companies.csv", input / "candidates.csv",
               input / "bounds.csv",   input / "intake.csv",    input / "placements.csv",
               input / "outcomes.csv"};
    }
    for (const fs::path& f : files) {
      if (same_file(out, identity_of(f))) {
        throw InvalidArgument("kobling.io.output_is_input", target.string(),
                              "is the input " + f.string() +
                                  "; writing the result there would destroy the kick-off; "
                                  "choose another output file");
      }
    }
  }
}

std::string random_hex() {
  std::random_device rd;
  const std::uint64_t x = (std::uint64_t{rd()} << 32) ^ rd();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  for (std::size_t d = 0; d < 16; ++d) {
    s[d] = kHex[(x >> (4 * d)) & 0xF];
  }
  return s;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') {
    return "host";
  }
  std::string h = buf;
  for (char& c : h) {  // a name part: no separators or dots
    c = (c == '/' || c == '.') ? '_' : c;
  }
  return h;
}

// Removes ".<name>.<host>.<pid>.<random>.kobling-tmp" files in the directory
// left by writers that were killed: only this host's (a pid means nothing on
// another machine or in another pid namespace sharing the volume), only of
// processes that no longer exist, and only when older than a minute.
void remove_leftovers(int dir_fd, const std::string& name, const std::string& host) {
  const int scan_fd = ::dup(dir_fd);
  DIR* d = scan_fd >= 0 ? ::fdopendir(scan_fd) : nullptr;
  if (d == nullptr) {
    if (scan_fd >= 0) {
      ::close(scan_fd);
    }
    return;
  }
  const std::string prefix = "." + name + "." + host + ".";
  const std::string suffix = kTempSuffix;
  const auto now = ::time(nullptr);
  while (const dirent* e = ::readdir(d)) {
    const std::string entry = e->d_name;
    if (entry.size() <= prefix.size() + suffix.size() ||
        entry.compare(0, prefix.size(), prefix) != 0 ||
        entry.compare(entry.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string rest = entry.substr(prefix.size());  // "<pid>.<random>.kobling-tmp"
    const auto dot = rest.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 10 ||
        rest.find_first_not_of("0123456789") != dot) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, dot)));
    struct stat st {};
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH &&
        ::fstatat(dir_fd, entry.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && now - st.st_mtime > 60) {
      ::unlinkat(dir_fd, entry.c_str(), 0);
    }
  }
  ::closedir(d);
}

void write_all(int fd, std::string_view text, const fs::path& place, const char* what) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail_write(place, what, errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

// A directory kept open: names are resolved against it, so the checks, the
// temporary file and the rename all concern the same directory.
class Directory {
 public:
  explicit Directory(const fs::path& dir, const fs::path& target)
      : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (fd_ < 0) {
      fail_write(target, "cannot open the directory " + dir.string(), errno);
    }
  }
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;
  ~Directory() { ::close(fd_); }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

// The temporary file: registered for signal cleanup before it exists, closed
// and removed on every path that does not rename it.
class TempFile {
 public:
  TempFile(const Directory& dir, std::string name, std::string full_path)
      : dir_(dir),
        name_(std::move(name)),
        path_(std::move(full_path)),
        slot_(PendingFiles::instance().add(path_)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    if (created_ && !renamed_) {
      ::unlinkat(dir_.fd(), name_.c_str(), 0);
    }
    PendingFiles::instance().remove(slot_);
  }
  /// Creates the file exclusively; false (errno set) when it cannot.
  bool create() {
    fd_ = ::openat(dir_.fd(), name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                   0600);
    created_ = fd_ >= 0;
    return created_;
  }
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void renamed() { renamed_ = true; }

 private:
  const Directory& dir_;
  std::string name_;
  std::string path_;
  int slot_;
  int fd_ = -1;
  bool created_ = false;
  bool renamed_ = false;
};

}  // namespace

void remove_pending_output_files() noexcept { PendingFiles::instance().unlink_all(); }

void write_output_file(const fs::path& target, std::string_view text, const OutputOptions& o) {
  if (target == "-") {
    write_all(STDOUT_FILENO, text, "standard output", "cannot write");
    return;
  }
  if (target.empty()) {
    throw InvalidArgument("kobling.io.not_a_file", "output",
                          "the path is empty; give the path of the file to write");
  }
  if (!target.has_filename()) {
    throw InvalidArgument("kobling.io.not_a_file", target.string(),
                          "is not a file name; give the path of the file to write");
  }
  const fs::path real = resolve_links(target);
  struct stat old {};
  const bool exists = ::stat(real.c_str(), &old) == 0;
  if (exists && !S_ISREG(old.st_mode)) {
    const char* kind = S_ISDIR(old.st_mode)    ? "a directory"
                       : S_ISCHR(old.st_mode)  ? "a character device"
                       : S_ISBLK(old.st_mode)  ? "a block device"
                       : S_ISFIFO(old.st_mode) ? "a FIFO"
                       : S_ISSOCK(old.st_mode) ? "a socket"
                                               : "not a regular file";
    throw InvalidArgument("kobling.io.not_a_file", target.string(),
                          std::string("is ") + kind +
                              "; the output must be a regular file or a new path ('-' writes "
                              "to standard output)");
  }
  refuse_inputs(target, real, o);

  const fs::path dir = real.has_parent_path() ? real.parent_path() : fs::path(".");
  const std::string name = real.filename().string();
  const Directory directory(dir, target);
  const std::string host = host_name();
  remove_leftovers(directory.fd(), name, host);
  const std::string stem = "." + name + "." + host + "." + std::to_string(::getpid()) + ".";
  std::unique_ptr<TempFile> file;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const std::string tmp_name = stem + random_hex() + kTempSuffix;
    auto candidate = std::make_unique<TempFile>(directory, tmp_name, (dir / tmp_name).string());
    if (candidate->create()) {
      file = std::move(candidate);
      break;
    }
    if (errno != EEXIST) {
      fail_write(target, "cannot create a temporary file in " + dir.string(), errno);
    }
  }
  if (!file) {
    fail_write(target, "cannot create a temporary file in " + dir.string(), EEXIST);
  }
  write_all(file->fd(), text, target, "error while writing");
  if (exists) {
    // The new file takes the place of the old one: same permissions and, where
    // allowed (root), the same owner.
    if (::fchmod(file->fd(), old.st_mode & 07777) != 0) {
      fail_write(target, "cannot keep the file's permissions", errno);
    }
    if (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) {
      (void)::fchown(file->fd(), old.st_uid, old.st_gid);
    }
  }
  if (::fsync(file->fd()) != 0) {
    fail_write(target, "error while writing", errno);
  }
  if (file->close() != 0) {
    fail_write(target, "error while writing", errno);
  }
  if (::renameat(directory.fd(), file->name().c_str(), directory.fd(), name.c_str()) != 0) {
    fail_write(target, "cannot replace the file", errno);
  }
  file->renamed();
  (void)::fsync(directory.fd());  // the rename reaches the disk with the directory
}

}  // namespace kobling
