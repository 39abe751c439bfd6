;;; diagnostics.el --- Emacs + Eglot as a Precedent LSP client  -*- lexical-binding: t -*-
;; emacs --batch -l test/e2e/emacs/diagnostics.el <file.js>   (PRECEDENT_SERVER: dist/server.js)
;; Opens the file in js-mode, lets Eglot start `node dist/server.js --stdio`, waits for Flymake
;; diagnostics, prints them and exits 0 only when a Precedent finding arrived.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'flymake)

(let ((server (getenv "PRECEDENT_SERVER"))
      (file (expand-file-name (pop command-line-args-left))))
  (add-to-list 'eglot-server-programs `(js-mode . ("node" ,server "--stdio")))
  (find-file file)
  (js-mode)
  (add-hook 'eglot-managed-mode-hook #'flymake-mode)
  (eglot-ensure)
  ;; eglot-ensure starts the server from post-command-hook, which batch mode never runs.
  (run-hooks 'post-command-hook)
  (let ((deadline (+ (float-time) 20))
        (found nil))
    (while (and (not found) (< (float-time) deadline))
      (accept-process-output nil 0.1)
      (setq found (seq-filter (lambda (diagnostic) (string-match-p "weak-password-policy\\|precedent" (flymake-diagnostic-text diagnostic)))
                              (flymake-diagnostics))))
    (dolist (diagnostic found)
      (princ (format "%d: %s %s\n"
                     (line-number-at-pos (flymake-diagnostic-beg diagnostic))
                     (flymake-diagnostic-type diagnostic)
                     (flymake-diagnostic-text diagnostic))))
    (ignore-errors (eglot-shutdown (eglot-current-server)))
    (kill-emacs (if found 0 1))))
