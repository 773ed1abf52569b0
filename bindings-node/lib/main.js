'use strict'
// The package entry: the napi-generated binding (../index.js), with one
// adjustment so that every thrown or rejected error has a `code` of the
// core's ErrorCode union. napi-rs checks argument types before any core code
// runs and throws its own status names ('InvalidArg', 'StringExpected', …);
// those become INVALID_ARGUMENT, and any other napi status (a caught panic is
// 'GenericFailure') becomes BACKEND. Values, classes and `instanceof` are the
// binding's own; only the functions are wrapped.
const native = require('../index.js')

const CODES = new Set(native.errorCodes())
const ARGUMENT = /^(InvalidArg|[A-Za-z]+Expected)$/

function normalise(err) {
  if (err instanceof Error && typeof err.code === 'string' && !CODES.has(err.code)) {
    const napiStatus = err.code
    if (ARGUMENT.test(napiStatus)) {
      err.code = 'INVALID_ARGUMENT'
      err.message = `invalid argument: ${err.message}`
    } else {
      err.code = 'BACKEND'
      err.message = `internal error (${napiStatus}): ${err.message}`
    }
  }
  return err
}

function wrap(fn) {
  const wrapped = function (...args) {
    let result
    try {
      result = new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args)
    } catch (err) {
      throw normalise(err)
    }
    if (result instanceof Promise) {
      return result.catch((err) => {
        throw normalise(err)
      })
    }
    return result
  }
  Object.defineProperty(wrapped, 'name', { value: fn.name })
  Object.defineProperty(wrapped, 'length', { value: fn.length })
  return wrapped
}

function wrapMembers(target) {
  for (const key of Object.getOwnPropertyNames(target)) {
    if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue
    const desc = Object.getOwnPropertyDescriptor(target, key)
    if (!desc || !desc.configurable) continue
    if (typeof desc.value === 'function') {
      Object.defineProperty(target, key, { ...desc, value: wrap(desc.value) })
    } else if (typeof desc.get === 'function') {
      Object.defineProperty(target, key, { ...desc, get: wrap(desc.get) })
    }
  }
}

// napi-rs exports classes in PascalCase and functions in camelCase.
const isClass = (key, value) => typeof value === 'function' && /^[A-Z]/.test(key)

function wrapClass(Class) {
  wrapMembers(Class.prototype) // methods and getters (configurable on napi classes)
  // Statics are read-only on napi classes, so the class is fronted by a
  // constructor that shares its prototype: `instanceof` holds for both.
  const Wrapped = function (...args) {
    if (!new.target) throw new TypeError(`Class constructor ${Class.name} cannot be invoked without 'new'`)
    try {
      return Reflect.construct(Class, args, new.target === Wrapped ? Class : new.target)
    } catch (err) {
      throw normalise(err)
    }
  }
  Wrapped.prototype = Class.prototype
  for (const key of Object.getOwnPropertyNames(Class)) {
    if (['prototype', 'length', 'name', 'caller', 'arguments'].includes(key)) continue
    const value = Class[key]
    if (typeof value === 'function') {
      const fn = wrap(value)
      Wrapped[key] = (...args) => fn.apply(Class, args)
    } else {
      Wrapped[key] = value
    }
  }
  Object.defineProperty(Wrapped, 'name', { value: Class.name })
  Object.defineProperty(Wrapped, 'length', { value: Class.length })
  return Wrapped
}

function wrapModule(source) {
  const out = {}
  for (const [key, value] of Object.entries(source)) {
    if (isClass(key, value)) out[key] = wrapClass(value)
    else if (typeof value === 'function') out[key] = wrap(value)
    else if (value && typeof value === 'object' && key !== '__napiBindingTarget') out[key] = wrapModule(value)
    else out[key] = value
  }
  return out
}

module.exports = wrapModule(native)
