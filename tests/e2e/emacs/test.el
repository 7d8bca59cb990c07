;;; test.el --- glossary-ls end to end in Emacs 28 + eglot 1.9  -*- lexical-binding: t -*-
;; Run by run.sh in `emacs --batch -Q': diagnostics reach flymake, hover (eglot's eldoc function) shows the
;; linked term's definition, completion at "](/" offers slugs. Exits 0, or 1 with the failures.

(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'markdown-mode)
(require 'flymake)
(load (expand-file-name "editors/emacs/glossary-ls.el" (getenv "SOURCE_ROOT")))

(defvar failures nil)
(defun check (ok what) (unless ok (push what failures)))

(defun pump-until (pred seconds)
  "Process server output until PRED holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(setq glossary-ls-command (list (getenv "GLOSSARY_LS") "--stdio")
      glossary-ls-settings '(:debounce 0)
      eglot-sync-connect t)
(let ((root (getenv "SAMPLE")))
  ;; eglot needs a project: the sample folder, without version control
  (add-hook 'project-find-functions (lambda (_dir) (cons 'transient root)))
  (condition-case err
      (progn
        (find-file (expand-file-name "Texts/Norwegian/account-manager.md" root))
        (check (derived-mode-p 'markdown-mode) "the seed is not in markdown-mode")
        (call-interactively #'eglot) ; eglot-ensure does not fire in batch
        (check (eglot-current-server) "eglot did not connect")
        (flymake-mode 1)
        (check (pump-until (lambda () (>= (length (flymake-diagnostics)) 4)) 20)
               (format "flymake got %d diagnostics, not 4" (length (flymake-diagnostics))))
        (let ((texts (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
          (check (seq-some (lambda (s) (string-match-p "returnoninvestment" s)) texts)
                 "no link.broken diagnostic in flymake"))
        ;; hover on a link in another article
        (find-file (expand-file-name "Texts/Norwegian/customer-retention.md" root))
        (pump-until (lambda () (eglot-current-server)) 10)
        (goto-char (point-min))
        (search-forward "(/account-manager)")
        (backward-char 5)
        (let* ((shown nil)
               (asked (eglot-hover-eldoc-function (lambda (info &rest _) (setq shown info)))))
          (check asked "eglot's eldoc hover function did not ask the server")
          (pump-until (lambda () shown) 10)
          (check (and (stringp shown) (string-match-p "kontoansvarlig" shown)
                      (string-match-p "daglige administrasjonen" shown))
                 (format "eldoc's hover lacks the term's definition: %S" shown)))
        ;; completion at "](/" through eglot's own completion-at-point
        (goto-char (point-max))
        (insert "\nSe [kunde](/kun")
        (let* ((capf (eglot-completion-at-point))
               (table (nth 2 capf))
               (items (and table (all-completions "" table))))
          (check (member "customer-retention" items)
                 (format "completion at ](/kun does not offer customer-retention: %S" items))))
    (error (push (format "error: %S" err) failures))))

(if failures
    (progn (message "Emacs end-to-end test failed:\n  %s" (mapconcat #'identity (reverse failures) "\n  "))
           (kill-emacs 1))
  (message "Emacs end-to-end test passed")
  (kill-emacs 0))
