// write_output_file: never an input, never a non-file, private new files,
// kept permissions, symbolic links followed, concurrent writers, no leftovers.
#include "kobling/output_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "kobling/errors.hpp"

namespace kobling {
namespace {

namespace fs = std::filesystem;

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kobling_output_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  static unsigned mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  // Files in the directory whose names mark them as kobling temporaries.
  [[nodiscard]] std::vector<std::string> temporaries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      if (name.find(".kobling-tmp") != std::string::npos) {
        out.push_back(name);
      }
    }
    return out;
  }
  template <class E>
  static std::string error_of(const fs::path& target, const OutputOptions& o = {}) {
    try {
      write_output_file(target, "result", o);
    } catch (const E& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(OutputFile, NewFilesArePrivateAndReplacedFilesKeepTheirMode) {
  const fs::path out = dir_ / "result.json";
  write_output_file(out, "first");
  EXPECT_EQ(read(out), "first");
  EXPECT_EQ(mode(out), 0600u);
  ASSERT_EQ(::chmod(out.c_str(), 0640), 0);
  write_output_file(out, "second");
  EXPECT_EQ(read(out), "second");
  EXPECT_EQ(mode(out), 0640u);
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(OutputFile, TheInputIsRefusedByIdentityNotByName) {
  const fs::path input = dir_ / "k.json";
  write(input, "kick-off");
  ASSERT_EQ(::link(input.c_str(), (dir_ / "hard.json").c_str()), 0);
  fs::create_symlink("k.json", dir_ / "link.json");
  const OutputOptions o{{input}};
  const fs::path dotted = dir_ / "." / "k.json";
  for (const fs::path& target : {input, dotted, dir_ / "hard.json", dir_ / "link.json"}) {
    EXPECT_EQ(error_of<InvalidArgument>(target, o),
              "[kobling.io.output_is_input] " + target.string() + ": is the input " +
                  input.string() +
                  "; writing the result there would destroy the kick-off; choose another "
                  "output file")
        << target;
  }
  EXPECT_EQ(read(input), "kick-off");
  // Relative names, as a user types them.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  EXPECT_EQ(error_of<InvalidArgument>("./k.json", OutputOptions{{"k.json"}}),
            "[kobling.io.output_is_input] ./k.json: is the input k.json; writing the result "
            "there would destroy the kick-off; choose another output file");
  fs::current_path(cwd);
  write_output_file(dir_ / "other.json", "result", o);  // another file is fine
  EXPECT_EQ(read(dir_ / "other.json"), "result");
}

TEST_F(OutputFile, ACsvFolderProtectsItsThreeFilesPresentOrNot) {
  write(dir_ / "companies.csv", "id,capacity\n");
  write(dir_ / "candidates.csv", "id\n");
  const OutputOptions o{{dir_}};
  for (const char* name : {"companies.csv", "candidates.csv", "features.csv"}) {
    EXPECT_NE(error_of<InvalidArgument>(dir_ / name, o).find("[kobling.io.output_is_input]"),
              std::string::npos)
        << name;
  }
  EXPECT_FALSE(fs::exists(dir_ / "features.csv"));
  write_output_file(dir_ / "result.json", "result", o);
  EXPECT_EQ(read(dir_ / "companies.csv"), "id,capacity\n");
}

TEST_F(OutputFile, OnlyRegularFilesAndNewPaths) {
  EXPECT_EQ(error_of<InvalidArgument>(dir_),
            "[kobling.io.not_a_file] " + dir_.string() +
                ": is a directory; the output must be a regular file or a new path ('-' writes "
                "to standard output)");
  EXPECT_NE(error_of<InvalidArgument>("/dev/null").find("is a character device"),
            std::string::npos);
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_NE(error_of<InvalidArgument>(dir_ / "fifo").find("is a FIFO"), std::string::npos);
  EXPECT_EQ(
      error_of<InvalidArgument>(""),
      "[kobling.io.not_a_file] output: the path is empty; give the path of the file to write");
  EXPECT_EQ(error_of<InvalidArgument>(dir_ / "sub/"),
            "[kobling.io.not_a_file] " + (dir_ / "sub/").string() +
                ": is not a file name; give the path of the file to write");
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));  // still the device
}

TEST_F(OutputFile, ASymbolicLinkIsWrittenThroughAndKept) {
  write(dir_ / "real.json", "old");
  fs::create_symlink("real.json", dir_ / "link.json");
  write_output_file(dir_ / "link.json", "new");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(read(dir_ / "real.json"), "new");
  // A dangling link creates the file it names.
  fs::create_symlink("later.json", dir_ / "dangling.json");
  write_output_file(dir_ / "dangling.json", "created");
  EXPECT_EQ(read(dir_ / "later.json"), "created");
}

// The probe planted a symbolic link at the temporary file's old fixed name
// (".<name>.kobling-tmp") to redirect the write; names are now unique and the
// file is created with O_EXCL | O_NOFOLLOW, so a planted link is never used.
TEST_F(OutputFile, APlantedLinkIsNeverWrittenThrough) {
  const fs::path victim = dir_ / "victim.txt";
  write(victim, "precious");
  fs::create_symlink(victim, dir_ / ".out.json.kobling-tmp");
  write_output_file(dir_ / "out.json", "result");
  EXPECT_EQ(read(victim), "precious");
  EXPECT_EQ(read(dir_ / "out.json"), "result");
  EXPECT_TRUE(fs::is_symlink(dir_ / ".out.json.kobling-tmp"));  // left alone, not followed
}

TEST_F(OutputFile, SystemErrorsNameThePathAndTheReason) {
  const fs::path missing = dir_ / "missing" / "x.json";
  EXPECT_EQ(error_of<FileError>(missing),
            "[kobling.io.write] " + missing.string() + ": cannot open the directory " +
                (dir_ / "missing").string() + " (No such file or directory)");
}

// Another user's symbolic link in a sticky, world-writable directory (as in
// /tmp) is not followed: the kernel's protected_symlinks rule, which rename()
// does not apply by itself. This user's own link there is followed.
TEST_F(OutputFile, AnotherUsersLinkInASharedDirectoryIsNotFollowed) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to give a link to another user";
  }
  const fs::path shared = dir_ / "shared";
  fs::create_directories(shared);
  ASSERT_EQ(::chmod(shared.c_str(), 01777), 0);
  write(dir_ / "victim.txt", "precious");
  fs::create_symlink(dir_ / "victim.txt", shared / "out.json");
  ASSERT_EQ(::lchown((shared / "out.json").c_str(), 65534, 65534), 0);  // nobody's link
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  EXPECT_EQ(error_of<InvalidArgument>("shared/out.json"),
            "[kobling.io.unsafe_link] shared/out.json: is a symbolic link another user made in "
            "the shared directory shared; it is not followed (write to its target instead)");
  fs::current_path(cwd);
  EXPECT_EQ(read(dir_ / "victim.txt"), "precious");
  fs::create_symlink(dir_ / "mine.txt", shared / "mine.json");  // root's own link
  write_output_file(shared / "mine.json", "result");
  EXPECT_EQ(read(dir_ / "mine.txt"), "result");
}

TEST_F(OutputFile, ConcurrentWritersAllSucceedAndTheLastRenameWins) {
  const fs::path out = dir_ / "shared.json";
  std::vector<std::thread> writers;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int r = 0; r < 50; ++r) {
        try {
          write_output_file(out, "writer " + std::to_string(t));
        } catch (const std::exception&) {
          ++failures[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& w : writers) {
    w.join();
  }
  EXPECT_EQ(failures, std::vector<int>(4, 0));
  EXPECT_EQ(read(out).rfind("writer ", 0), 0u);
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(OutputFile, LeftoversOfDeadWritersAreRemovedLiveOnesKept) {
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof host - 1), 0);
  std::string me = host;
  for (char& c : me) {
    c = (c == '/' || c == '.') ? '_' : c;
  }
  // pid 2^30 cannot exist (Linux caps pids at 2^22); our own pid is alive.
  const std::string dead = ".r.json." + me + ".1073741824.0123456789abcdef.kobling-tmp";
  const std::string fresh = ".r.json." + me + ".1073741825.0123456789abcdef.kobling-tmp";
  const std::string live =
      ".r.json." + me + "." + std::to_string(::getpid()) + ".fedcba9876543210.kobling-tmp";
  const std::string elsewhere = ".r.json.otherhost.1073741824.0123456789abcdef.kobling-tmp";
  for (const std::string& f : {dead, fresh, live, elsewhere}) {
    write(dir_ / f, "partial");
  }
  // Old enough to be a leftover, except `fresh` (a writer may just be slow).
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::minutes(5);
  for (const std::string& f : {dead, live, elsewhere}) {
    fs::last_write_time(dir_ / f, old_time);
  }
  write_output_file(dir_ / "r.json", "done");
  EXPECT_FALSE(fs::exists(dir_ / dead));
  EXPECT_TRUE(fs::exists(dir_ / fresh));
  EXPECT_TRUE(fs::exists(dir_ / live));
  EXPECT_TRUE(fs::exists(dir_ / elsewhere));  // another host's pid says nothing here
}

TEST_F(OutputFile, ATerminatedWriterLeavesNoTemporaryFile) {
  const fs::path out = dir_ / "big.json";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // As the CLI does: remove the pending file, then die of the signal.
    std::signal(SIGTERM, [](int sig) {
      remove_pending_output_files();
      std::signal(sig, SIG_DFL);
      std::raise(sig);
    });
    const std::string text(std::size_t{1} << 28, 'x');  // 256 MiB: long enough to be caught
    write_output_file(out, text);
    ::_exit(0);
  }
  bool seen = false;
  for (int wait_ms = 0; wait_ms < 20000 && !seen; ++wait_ms) {
    seen = !temporaries().empty();
    if (!seen) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ASSERT_TRUE(seen) << "the writer never started";
  ::kill(child, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer finished before the signal arrived";
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(temporaries().empty());
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace kobling
