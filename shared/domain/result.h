#pragma once

#include <string>
#include <utility>
#include <variant>

namespace kse {

// A value or the reason there is none. (std::expected arrives with C++23.)
template <class T> class Result {
public:
    static Result success(T value) { return Result(std::in_place_index<0>, std::move(value)); }
    static Result failure(std::string error) { return Result(std::in_place_index<1>, std::move(error)); }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<0>(m_state); }
    T& value() { return std::get<0>(m_state); }
    const std::string& error() const { return std::get<1>(m_state); }

private:
    template <std::size_t I, class U>
    Result(std::in_place_index_t<I> index, U&& v) : m_state(index, std::forward<U>(v)) {}
    std::variant<T, std::string> m_state;
};

} // namespace kse
