// python/bindings/module.cpp — the kobling._core extension module: exception
// types and translation, version, and the per-domain registrations.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "kobling/errors.hpp"
#include "kobling/output_file.hpp"
#include "kobling/thread_cache.hpp"
#include "kobling/version.hpp"

namespace py = pybind11;

namespace {

// The exception classes live in the module object (no C++ global state).
py::object make_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("kobling.") + name;  // shown in tracebacks
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) {
    throw py::error_already_set();
  }
  py::object cls = py::reinterpret_steal<py::object>(type);
  m.attr(name) = cls;
  return cls;
}

// KoblingError.__init__: the message is "[id] place: reason" (or "[id]
// reason"), the format of kobling::Error, so an error raised by the Python
// layer carries .id, .place and .reason like one thrown in C++. Messages in
// another form leave them empty.
void init_error(const py::object& self, const py::args& args) {
  py::handle(PyExc_Exception).attr("__init__")(self, *args);
  std::string id;
  std::string place;
  std::string reason;
  if (args.size() == 1 && py::isinstance<py::str>(args[0])) {
    const std::string message = args[0].cast<std::string>();
    const auto close = message.find("] ");
    if (!message.empty() && message[0] == '[' && close != std::string::npos &&
        message.find(' ') > close) {
      id = message.substr(1, close - 1);
      reason = message.substr(close + 2);
      const auto colon = reason.find(": ");
      if (colon != std::string::npos) {
        place = reason.substr(0, colon);
        reason = reason.substr(colon + 2);
      }
    }
  }
  self.attr("id") = id;
  self.attr("place") = place;
  self.attr("reason") = reason;
}

// Raises `cls(message)` with .id, .place and .reason set from the C++ error.
void raise(const py::object& cls, const std::exception& what, const kobling::Error& e) {
  py::object instance = cls(what.what());
  instance.attr("id") = e.id();
  instance.attr("place") = e.place();
  instance.attr("reason") = e.reason();
  PyErr_SetObject(cls.ptr(), instance.ptr());
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "kobling native core: scoring and exact assignment (see the kobling package)";
  m.attr("__version__") = kobling::kVersion;

  py::object base = make_exception(m, "KoblingError", py::make_tuple(py::handle(PyExc_Exception)),
                                   "Base class of every error kobling raises.");
  base.attr("__init__") = py::cpp_function(&init_error, py::is_method(base));
  py::object invalid =
      make_exception(m, "InvalidInputError", py::make_tuple(base, py::handle(PyExc_ValueError)),
                     "An input value is not acceptable (shape, NaN, negative capacity, ...).");
  py::object parse = make_exception(m, "ParseError", py::make_tuple(invalid),
                                    "JSON or CSV input is malformed or breaks the format.");
  py::object index =
      make_exception(m, "IndexOutOfRangeError", py::make_tuple(base, py::handle(PyExc_IndexError)),
                     "An index or id refers to something that does not exist.");
  py::object limit =
      make_exception(m, "ResourceLimitError", py::make_tuple(base, py::handle(PyExc_ValueError)),
                     "The request would exceed a resource limit; nothing was allocated.");
  py::object file =
      make_exception(m, "FileError", py::make_tuple(base, py::handle(PyExc_OSError)),
                     "A file could not be written (no space, no permission, a closed output).");

  (void)parse;
  (void)invalid;
  (void)index;
  (void)limit;
  (void)file;
  // The translator is a plain function; it finds the classes on the module
  // (cached in sys.modules), so the extension keeps no static Python state.
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) {
      return;
    }
    const auto cls = [](const char* name) {
      return py::module_::import("kobling._core").attr(name);
    };
    try {
      std::rethrow_exception(p);
    } catch (const kobling::ParseError& e) {
      raise(cls("ParseError"), e, e);
    } catch (const kobling::InvalidArgument& e) {
      raise(cls("InvalidInputError"), e, e);
    } catch (const kobling::OutOfRange& e) {
      raise(cls("IndexOutOfRangeError"), e, e);
    } catch (const kobling::ResourceLimit& e) {
      raise(cls("ResourceLimitError"), e, e);
    } catch (const kobling::FileError& e) {
      raise(cls("FileError"), e, e);
    }
  });

  kobling::python::register_results(m);
  kobling::python::register_solvers(m);
  kobling::python::register_kickoff(m);
  kobling::python::register_synthetic(m);
  kobling::python::register_interviews(m);
  kobling::python::register_outcomes(m);

  m.def(
      "error_catalogue",
      [] {
        py::list out;
        for (const kobling::CatalogueEntry& e : kobling::error_catalogue()) {
          py::dict row;
          row["id"] = e.id;
          row["kind"] = e.kind;
          row["meaning"] = e.meaning;
          row["example"] = e.example;
          out.append(row);
        }
        return out;
      },
      R"doc(Every error (and warning) id kobling raises, with its type, meaning and an example.

The same table as ``kobling errors`` on the command line and
``kobling::error_catalogue()`` in C++. Every message kobling raises starts with
its id in brackets, ``[kobling.array.nan] ...``, and the exception's ``.id``
holds it; ids never change between releases.

Returns
-------
list of dict
    One dict per id, sorted by id, with the keys ``id``, ``kind``, ``meaning``
    (one sentence) and ``example`` (a message exactly as raised). ``kind`` is
    the C++ class, which maps to the Python exception as InvalidArgument ->
    :class:`InvalidInputError`, ParseError -> :class:`ParseError`, OutOfRange ->
    :class:`IndexOutOfRangeError`, ResourceLimit -> :class:`ResourceLimitError`,
    FileError -> :class:`FileError`;
    for an id only the Python layer raises, it is the Python class
    (``InvalidInputError``, ``TypeError``, ``ValueError``); ``"warning"`` for a
    warning. ``pandas.DataFrame(kobling.error_catalogue())`` gives a table.

Examples
--------
>>> import kobling
>>> [e["kind"] for e in kobling.error_catalogue() if e["id"] == "kobling.array.nan"]
['InvalidArgument']
)doc");
  m.def("thread_cache_bytes", &kobling::thread_cache_bytes,
        R"doc(Bytes the calling thread keeps for reuse by later solves.

Returns
-------
int
    The size of the calling thread's cache of temporary arrays (at most 64 MiB).
)doc");
  m.def(
      "write_output_file",
      [](const std::string& path, const std::string& text, const std::vector<std::string>& inputs) {
        kobling::OutputOptions options;
        options.inputs.assign(inputs.begin(), inputs.end());
        py::gil_scoped_release release;
        kobling::write_output_file(path, text, options);
      },
      py::arg("path"), py::arg("text"), py::arg("inputs"),
      "Write text to a file as kobling/output_file.hpp describes (used by "
      "KickoffResult.save).");
  m.def("release_thread_cache", &kobling::release_thread_cache,
        R"doc(Free the calling thread's cache of temporary arrays.

kobling keeps the large temporary arrays of a solve for the next solve on the
same thread (no page faults on reuse). Results never depend on the cache; call
this when a long-lived thread is done solving. Other threads' caches are
untouched.

Returns
-------
int
    The number of bytes freed.
)doc");
}
