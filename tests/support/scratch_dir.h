#pragma once

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <string_view>

namespace kse::test {

// A fresh directory for one test's files, removed afterwards.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& stem) {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = std::filesystem::temp_directory_path() /
                (stem + "-" + (test ? std::string(test->name()) : std::string("x")) + "-" +
                 std::to_string(std::random_device{}()));
        std::filesystem::create_directories(m_dir);
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::string file(const std::string& name) const { return (m_dir / name).string(); }
    // Writes `text` to the file `name` here; returns its path.
    std::string write(const std::string& name, std::string_view text) const {
        std::string path = file(name);
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

private:
    std::filesystem::path m_dir;
};

} // namespace kse::test
