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
// may not exist yet).
fs::path resolve_links(const fs::path& p) {
  fs::path cur = p;
  for (int hop = 0; hop < kMaxSymlinks; ++hop) {
    struct stat st {};
    if (::lstat(cur.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      return cur;
    }
    std::error_code ec;
    const fs::path link = fs::read_symlink(cur, ec);
    if (ec) {
      fail_write(p, "cannot read the symbolic link " + cur.string(), ec.value());
    }
    cur = link.is_absolute() ? link
                             : (cur.has_parent_path() ? cur.parent_path() : fs::path(".")) / link;
  }
  fail_write(p, "cannot follow the symbolic link", ELOOP);
}

void refuse_inputs(const fs::path& target, const fs::path& real, const OutputOptions& o) {
  const Identity out = identity_of(real);
  for (const fs::path& input : o.inputs) {
    std::vector<fs::path> files{input};
    struct stat st {};
    if (::stat(input.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      files = {input / "features.csv", input / "companies.csv", input / "candidates.csv"};
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

// Removes ".<name>.<pid>.<random>.kobling-tmp" files in `dir` left by
// processes that no longer exist (killed while writing).
void remove_leftovers(const fs::path& dir, const std::string& name) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    return;
  }
  const std::string prefix = "." + name + ".";
  const std::string suffix = kTempSuffix;
  while (const dirent* e = ::readdir(d)) {
    const std::string entry = e->d_name;
    if (entry.size() <= prefix.size() + suffix.size() ||
        entry.compare(0, prefix.size(), prefix) != 0 ||
        entry.compare(entry.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string rest = entry.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 10 ||
        rest.find_first_not_of("0123456789") != dot) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, dot)));
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
      ::unlink((dir / entry).c_str());
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

// Closes the descriptor and removes the temporary file unless released.
class TempFile {
 public:
  /// `slot` holds the path in PendingFiles (taken before the file existed).
  TempFile(int fd, fs::path path, int slot) : fd_(fd), path_(std::move(path)), slot_(slot) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    if (!renamed_) {
      ::unlink(path_.c_str());
    }
    PendingFiles::instance().remove(slot_);
  }
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const fs::path& path() const { return path_; }
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void renamed() { renamed_ = true; }

 private:
  int fd_;
  fs::path path_;
  int slot_;
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
  remove_leftovers(dir, name);
  const std::string stem = "." + name + "." + std::to_string(::getpid()) + ".";
  int fd = -1;
  int slot = -1;
  fs::path tmp;
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    tmp = dir / (stem + random_hex() + kTempSuffix);
    // Registered before it exists, so a signal right after the open still
    // finds it.
    slot = PendingFiles::instance().add(tmp.string());
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      const int err = errno;
      PendingFiles::instance().remove(slot);
      if (err != EEXIST) {
        fail_write(target, "cannot create a temporary file in " + dir.string(), err);
      }
    }
  }
  if (fd < 0) {
    fail_write(target, "cannot create a temporary file in " + dir.string(), EEXIST);
  }
  TempFile file(fd, tmp, slot);
  write_all(file.fd(), text, target, "error while writing");
  if (exists) {
    // The new file takes the place of the old one: same permissions and, where
    // allowed (root), the same owner.
    if (::fchmod(file.fd(), old.st_mode & 07777) != 0) {
      fail_write(target, "cannot keep the file's permissions", errno);
    }
    if (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) {
      (void)::fchown(file.fd(), old.st_uid, old.st_gid);
    }
  }
  if (::fsync(file.fd()) != 0) {
    fail_write(target, "error while writing", errno);
  }
  if (file.close() != 0) {
    fail_write(target, "error while writing", errno);
  }
  if (::rename(file.path().c_str(), real.c_str()) != 0) {
    fail_write(target, "cannot replace the file", errno);
  }
  file.renamed();
  // The rename itself reaches the disk with the directory.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace kobling
